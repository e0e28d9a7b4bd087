/*
 * A seeded random run of the memory calls (SYS_MAP, SYS_UNMAP through the
 * real kernel/sys_mem.c, mapdb.c, frames.c and task.c, see mapdb_world.h)
 * against a reference model: per (task, page) the mapping's frame, rights
 * and the mapping it derives from, per frame its owner and grantor, per
 * task its creator and quota. Random tasks map owned frames (shared or
 * granted), map or grant from their own mappings, revoke rights or whole
 * mappings, UNMAP_PHYS their frames, with now and then a malformed call or
 * one on a task they do not control; tasks die and new ones are created,
 * some with a tight quota. The model predicts each call's result; after
 * every step:
 *  - each model mapping is what vm_translate and mapdb_find say (frame,
 *    write and exec rights, the record's rights), nothing else is mapped
 *    there, each task's mapped count and second-level tables are the
 *    model's, and mapdb_nodes() is the model's count;
 *  - each frame has the model's owner, each task the model's frame count,
 *    and frames_check() passes;
 *  - each task's quota use is its table, tables, records and thread;
 *  - in the current space, the table walker (the recorder's memory as the
 *    code cleaned it) sees exactly the model's mappings.
 * MICA_SEED repeats a run; MICA_STEPS changes its length (200000).
 */
#include <stdlib.h>
#include <string.h>

#include <mm/phys.h>
#include <uapi/errno.h>

#include "fuzz.h"
#include "mapdb_world.h"
#include "shim.h"
#include "tap.h"
#include "vm_recorder.h"

#define NT		5		/* model task slots; 0 is the root task */
#define NV		8		/* pages per task, across a MiB boundary */
#define NF		8		/* frames of the root task's grant */
#define NN		(NT * NV)
#define PAGE		0x1000u
#define VADDR(i)	(0x001FC000u + (i) * PAGE)
#define MIB(i)		(VADDR(i) >> 20)

struct mnode {
	bool live;
	int task, va, frame, parent;	/* parent: a node index, -1: none */
	unsigned int rights;
};

struct mtask {
	struct task *t;			/* NULL: the slot is free */
	int parent;
	uint32_t quota;
};

static struct mnode nodes[NN];
static int at[NT][NV];			/* the node mapped there, or -1 */
static struct mtask tasks[NT];
static int owner[NF], grantor[NF];	/* model task slots; grantor -1: none */
static unsigned int root_extra;		/* root's frames beyond the NF */
static char why[256];

enum { OP_PHYS, OP_VIRT, OP_UNMAP, OP_UNMAP_PHYS, OP_BAD, OP_RESPAWN, OP_SWITCH, NOPS };
static const char *const op_names[NOPS] = {
	"map phys", "map virtual", "unmap", "unmap phys", "malformed", "respawn", "switch",
};
static uint32_t tried[NOPS], done[NOPS];
static uint32_t results[64];		/* calls by -result: 0, -EPERM, ... */
static uint64_t records_sum;		/* model records, summed over the steps */
static uint32_t depth_max;		/* the longest chain of derived mappings seen */

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			snprintf(why, sizeof(why), __VA_ARGS__);	\
			return false;					\
		}							\
	} while (0)

static uint32_t pick(uint32_t n)
{
	return fuzz_rand() % n;
}

static int pick_task(void)
{
	for (;;) {
		int i = (int)pick(NT);

		if (tasks[i].t)
			return i;
	}
}

static bool controls(int a, int t)
{
	return a == t || a == 0 || tasks[t].parent == a;
}

/* The id a caller names t with: its own as MICA_TASK_SELF now and then. */
static uint32_t id_of(int caller, int t)
{
	return caller == t && pick(2) ? MICA_TASK_SELF : tasks[t].t->id;
}

static bool derived(int m, int n)
{
	for (; m >= 0; m = nodes[m].parent)
		if (m == n)
			return true;
	return false;
}

static void node_add(int task, int va, int frame, unsigned int rights, int parent)
{
	for (int i = 0; i < NN; i++)
		if (!nodes[i].live) {
			nodes[i] = (struct mnode){ true, task, va, frame, parent, rights };
			at[task][va] = i;
			return;
		}
	abort();		/* NN is one per (task, page) */
}

/* Revokes rights from the marked nodes (all marked at once: parents stay readable). */
static void revoke_marked(const bool *mark, unsigned int rights)
{
	for (int m = 0; m < NN; m++) {
		if (!mark[m])
			continue;
		if (rights & MAP_READ) {
			nodes[m].live = false;
			at[nodes[m].task][nodes[m].va] = -1;
		} else {
			nodes[m].rights &= ~rights;
		}
	}
}

static void revoke(int n, unsigned int rights)
{
	bool mark[NN];

	for (int m = 0; m < NN; m++)
		mark[m] = nodes[m].live && derived(m, n);
	revoke_marked(mark, rights);
}

static void revoke_frame(int f, unsigned int rights)
{
	bool mark[NN];

	for (int m = 0; m < NN; m++)
		mark[m] = nodes[m].live && nodes[m].frame == f;
	revoke_marked(mark, rights);
}

static uint32_t model_tables(int t)
{
	bool mib[2] = { false, false };

	for (int v = 0; v < NV; v++)
		if (at[t][v] >= 0)
			mib[MIB(v) - MIB(0)] = true;
	return 1 + mib[0] + mib[1];	/* the UTCBs' table too */
}

static uint32_t model_mapped(int t)
{
	uint32_t n = 0;

	for (int v = 0; v < NV; v++)
		n += at[t][v] >= 0;
	return n;
}

static uint32_t model_used(int t)
{
	return TASK_PGD_BYTES + model_tables(t) * MW_L2PT + model_mapped(t) * MW_REC +
	       mw_tcb_bytes() + PAGE_SIZE;
}

/* The second-level tables [dst, dst + n) would add to t. */
static uint32_t tables_missing(int t, int dst, int n)
{
	uint32_t missing = 0;

	for (uint32_t mib = MIB(dst); mib <= MIB(dst + n - 1); mib++) {
		bool have = false;

		for (int v = 0; v < NV; v++)
			have |= at[t][v] >= 0 && MIB(v) == mib;
		missing += !have;
	}
	return missing;
}

/* What map_check decides, in its order; 0 when the map goes ahead. */
static int map_expect(int from, int to, int dst, int src, int n, unsigned int flags)
{
	uint32_t used = model_used(to), room = used < tasks[to].quota ? tasks[to].quota - used : 0;

	if (flags & MAP_PHYS)
		for (int i = 0; i < n; i++)
			if (owner[src + i] != from)
				return -EACCES;
	for (int i = 0; i < n; i++) {
		int s = flags & MAP_PHYS ? 0 : at[from][src + i];

		if (s < 0 || (!(flags & MAP_PHYS) && (flags & MAP_RIGHTS & ~nodes[s].rights)))
			return -EACCES;
		if (at[to][dst + i] >= 0)
			return -EEXIST;
	}
	if (n * MW_REC + tables_missing(to, dst, n) * MW_L2PT > room)
		return -ENOMEM;
	return 0;
}

/* The model's SYS_MAP that map_expect allowed. */
static void map_apply(int from, int to, int dst, int src, int n, unsigned int flags)
{
	unsigned int rights = flags & MAP_RIGHTS;

	if ((flags & (MAP_PHYS | MAP_GRANT)) == (MAP_PHYS | MAP_GRANT))
		for (int i = 0; i < n; i++) {
			revoke_frame(src + i, MAP_READ);
			if (owner[src + i] != to)
				grantor[src + i] = from;
			owner[src + i] = to;
		}
	for (int i = 0; i < n; i++) {
		int s = flags & MAP_PHYS ? -1 : at[from][src + i];

		if (s >= 0 && (flags & MAP_GRANT)) {
			unsigned int dropped = nodes[s].rights & ~rights;

			if (dropped)
				revoke(s, dropped);
			at[from][src + i] = -1;
			nodes[s].task = to;
			nodes[s].va = dst + i;
			nodes[s].rights = rights;
			at[to][dst + i] = s;
		} else {
			node_add(to, dst + i, s >= 0 ? nodes[s].frame : src + i, rights, s);
		}
	}
}

static unsigned int random_rights(void)
{
	static const unsigned int r[] = {
		MAP_READ, MAP_READ | MAP_WRITE, MAP_READ | MAP_EXEC, MAP_RIGHTS,
	};

	return r[pick(ARRAY_SIZE(r))];
}

/* n pages from a random start within k. */
static void random_range(int k, int *start, int *n)
{
	*n = pick(2) ? 1 : 2 + (int)pick(2);
	if (*n > k)
		*n = k;
	*start = (int)pick((uint32_t)(k - *n + 1));
}

/* A task t controls, mostly; any task now and then. */
static int pick_target(int t)
{
	for (int tries = 0; tries < 16 && pick(16); tries++) {
		int c = pick_task();

		if (controls(t, c))
			return c;
	}
	return pick_task();
}

/* A source start: mostly one that is mapped (virtual) or owned (phys) by from. */
static int pick_source(int from, bool phys, int n)
{
	int k = (phys ? NF : NV) - n + 1, s = (int)pick((uint32_t)k);

	bool search = pick(4);

	for (int i = 0; search && i < k; i++, s = (s + 1) % k) {
		bool ok = true;

		for (int j = s; j < s + n; j++)
			ok &= phys ? owner[j] == from : at[from][j] >= 0;
		if (ok)
			break;
	}
	return s;
}

static int do_map(bool phys)
{
	int from, to, dst, src, n;
	unsigned int flags = random_rights() | (phys ? MAP_PHYS : 0) |
			     (pick(4) ? 0 : MAP_GRANT);
	int want, got;

	from = phys && pick(2) ? owner[pick(NF)] : pick_task();
	to = pick_target(from);
	random_range(NV, &dst, &n);
	src = pick_source(from, phys, n);
	if (!phys && at[from][src] >= 0 && pick(4))	/* mostly no more than it has */
		flags = (flags & ~MAP_RIGHTS) | MAP_READ | (flags & nodes[at[from][src]].rights);
	want = controls(from, to) ? map_expect(from, to, dst, src, n, flags) : -EPERM;
	got = mw_map(tasks[from].t, id_of(from, to), VADDR(dst),
		     phys ? (uint32_t)mw_frame((unsigned int)src) : VADDR(src),
		     (uint32_t)n * PAGE, flags);
	results[-got & 63]++;
	if (got != want) {
		snprintf(why, sizeof(why), "map %d->%d dst %d src %d n %d flags %#x: %d, model %d",
			 from, to, dst, src, n, flags, got, want);
		return -1;
	}
	if (!want)
		map_apply(from, to, dst, src, n, flags);
	return !want;
}

static int do_unmap(void)
{
	static const unsigned int fl[] = {
		UNMAP_ALL, MAP_READ, MAP_WRITE, MAP_EXEC, MAP_WRITE | MAP_EXEC,
	};
	int caller = pick_task(), t = pick_target(caller), va, n;
	unsigned int flags = fl[pick(ARRAY_SIZE(fl))];
	unsigned int rights = flags ? flags : MAP_RIGHTS;
	int want = controls(caller, t) ? 0 : -EPERM, got;

	random_range(NV, &va, &n);
	got = mw_unmap(tasks[caller].t, id_of(caller, t), VADDR(va), (uint32_t)n * PAGE, flags);
	results[-got & 63]++;
	if (got != want) {
		snprintf(why, sizeof(why), "unmap %d in %d va %d n %d flags %#x: %d, model %d",
			 caller, t, va, n, flags, got, want);
		return -1;
	}
	for (int i = 0; !want && i < n; i++)
		if (at[t][va + i] >= 0)
			revoke(at[t][va + i], rights);
	return !want;
}

static int do_unmap_phys(void)
{
	int caller = pick(2) ? owner[pick(NF)] : pick_task(), f, n, want = 0, got;
	unsigned int flags = UNMAP_PHYS | (pick(3) ? 0 : MAP_WRITE);

	random_range(NF, &f, &n);
	for (int i = 0; i < n; i++)
		if (owner[f + i] != caller)
			want = -EACCES;
	got = mw_unmap(tasks[caller].t, id_of(caller, caller), (uint32_t)mw_frame((unsigned int)f),
		       (uint32_t)n * PAGE, flags);
	results[-got & 63]++;
	if (got != want) {
		snprintf(why, sizeof(why), "unmap phys by %d frame %d n %d flags %#x: %d, model %d",
			 caller, f, n, flags, got, want);
		return -1;
	}
	for (int i = 0; !want && i < n; i++)
		revoke_frame(f + i, flags & MAP_WRITE ? MAP_WRITE : MAP_RIGHTS);
	return !want;
}

/* A malformed call on a task the caller controls: -EINVAL, nothing changed. */
static int do_bad(void)
{
	int caller = pick_task(), t = caller, got;
	uint32_t id = id_of(caller, t), src = VADDR(pick(NV)), dst = VADDR(pick(NV));

	switch (pick(6)) {
	case 0:
		got = mw_map(tasks[caller].t, id, dst, src, PAGE, MAP_WRITE);
		break;
	case 1:
		got = mw_map(tasks[caller].t, id, dst, src, PAGE, MAP_READ | (1u << (3 + pick(5))));
		break;
	case 2:
		got = mw_map(tasks[caller].t, id, dst + 4, src, PAGE, MAP_READ);
		break;
	case 3:
		got = mw_map(tasks[caller].t, id, dst, src, 0, MAP_READ);
		break;
	case 4:
		got = mw_unmap(tasks[caller].t, id, dst, PAGE + 4, 0);
		break;
	default:
		got = mw_unmap(tasks[caller].t, id, dst, PAGE, MAP_GRANT);
		break;
	}
	if (got != -EINVAL) {
		snprintf(why, sizeof(why), "malformed call by %d: %d", caller, got);
		return -1;
	}
	return 1;
}

static void task_new(int i)
{
	static const char *const names[NT] = { "root", "t1", "t2", "t3", "t4" };
	int parent = pick_task();
	uint32_t quota = 0;

	if (pick(3) == 0)
		quota = TASK_PGD_BYTES + mw_tcb_bytes() + PAGE_SIZE + MW_L2PT +
			pick(3) * MW_L2PT + pick(4) * MW_REC;
	tasks[i].t = mw_task(tasks[parent].t, names[i], quota);
	tasks[i].parent = parent;
	tasks[i].quota = quota ? quota : TASK_QUOTA_DEFAULT;
	for (int v = 0; v < NV; v++)
		at[i][v] = -1;
}

/* The model of task_destroy: children to root, mappings and what derives, frames. */
static void model_destroy(int t)
{
	tasks[t].t = NULL;
	for (int c = 1; c < NT; c++)
		if (tasks[c].t && tasks[c].parent == t)
			tasks[c].parent = 0;
	for (int v = 0; v < NV; v++)
		if (at[t][v] >= 0)
			revoke(at[t][v], MAP_READ);
	for (int f = 0; f < NF; f++) {
		if (owner[f] == t) {
			revoke_frame(f, MAP_READ);
			owner[f] = grantor[f];
			grantor[f] = owner[f] ? 0 : -1;
		} else if (grantor[f] == t) {
			revoke_frame(f, MAP_READ);
			owner[f] = 0;
			grantor[f] = -1;
		}
	}
}

static int do_respawn(void)
{
	int t = 1 + (int)pick(NT - 1);

	if (tasks[t].t) {
		task_destroy(tasks[t].t);
		model_destroy(t);
	}
	task_new(t);
	return 1;
}

static int do_switch(void)
{
	vm_space_switch(tasks[pick_task()].t->space);
	return 1;
}

/* Page v of task t is the model's in its page table and its record. */
static bool check_page(int t, int v)
{
	struct task *k = tasks[t].t;
	int n = at[t][v];
	paddr_t pa, rec;
	unsigned int flags, rights;
	bool mapped = !vm_translate(k->space, VADDR(v), &pa, &flags);
	struct mapnode *found = mapdb_find(k, VADDR(v), &rec, &rights);

	if (n < 0) {
		CHECK(!mapped && !found, "task %d page %d mapped, model has nothing", t, v);
		return true;
	}
	CHECK(mapped && pa == mw_frame((unsigned int)nodes[n].frame),
	      "task %d page %d: frame %#lx, model %d", t, v, mapped ? (unsigned long)pa : 0ul,
	      nodes[n].frame);
	CHECK(!(flags & VM_WRITE) == !(nodes[n].rights & MAP_WRITE) && (flags & VM_USER) &&
	      (!(nodes[n].rights & MAP_EXEC) || (flags & VM_EXEC)),
	      "task %d page %d: flags %#x, model rights %#x", t, v, flags, nodes[n].rights);
	CHECK(found && rights == nodes[n].rights, "task %d page %d: record rights %#x, model %#x",
	      t, v, found ? rights : 0, nodes[n].rights);
	return true;
}

/* The table walker sees what the model maps in the current space. */
static bool check_walker(int t)
{
	for (int v = 0; v < NV; v++) {
		paddr_t pa;
		int n = at[t][v];
		bool seen = !rec_walk(rec_ttb, VADDR(v), &pa);

		CHECK(seen == (n >= 0) &&
		      (n < 0 || (pa & ~(paddr_t)(PAGE - 1)) == mw_frame((unsigned int)nodes[n].frame)),
		      "walker: task %d page %d %s, model %d", t, v, seen ? "mapped" : "unmapped",
		      n >= 0 ? nodes[n].frame : -1);
	}
	return true;
}

static bool check_task(int t)
{
	struct task *k = tasks[t].t;
	uint32_t frames = t ? 0 : root_extra;

	for (int v = 0; v < NV; v++)
		if (!check_page(t, v))
			return false;
	CHECK(k->mapped == model_mapped(t), "task %d: mapped %u, model %u", t, k->mapped,
	      model_mapped(t));
	CHECK(k->space->nr_tables == model_tables(t), "task %d: %u tables, model %u", t,
	      k->space->nr_tables, model_tables(t));
	CHECK(k->used == model_used(t), "task %d: used %u, model %u", t, k->used,
	      model_used(t));
	for (int f = 0; f < NF; f++)
		frames += owner[f] == t;
	CHECK(k->frames == frames, "task %d: %u frames, model %u", t, k->frames, frames);
	if (vm_space_current() == k->space)
		return check_walker(t);
	return true;
}

static bool check_all(void)
{
	uint32_t count = 0;

	for (int t = 0; t < NT; t++)
		if (tasks[t].t && !check_task(t))
			return false;
	for (int n = 0; n < NN; n++) {
		uint32_t depth = 0;

		for (int m = n; nodes[n].live && m >= 0; m = nodes[m].parent)
			depth++;
		depth_max = depth > depth_max ? depth : depth_max;
		count += nodes[n].live;
	}
	records_sum += count;
	CHECK(mapdb_nodes() == count, "mapdb_nodes() %u, model %u", mapdb_nodes(), count);
	for (int f = 0; f < NF; f++)
		CHECK(frames_owned(mw_frame((unsigned int)f), PAGE_SIZE, tasks[owner[f]].t),
		      "frame %d not owned by task %d", f, owner[f]);
	CHECK(frames_check() == 0, "frames_check() failed");
	return true;
}

static void model_init(void)
{
	memset(nodes, 0, sizeof(nodes));
	memset(tasks, 0, sizeof(tasks));
	tasks[0].t = mw_world();
	tasks[0].quota = 0xffffffffu;
	for (int v = 0; v < NV; v++)
		at[0][v] = -1;
	for (int f = 0; f < NF; f++) {
		owner[f] = 0;
		grantor[f] = -1;
	}
	root_extra = mw_frames() - NF;
	for (int t = 1; t < NT; t++)
		task_new(t);
}

static int step(unsigned int op)
{
	switch (op) {
	case OP_PHYS:
		return do_map(true);
	case OP_VIRT:
		return do_map(false);
	case OP_UNMAP:
		return do_unmap();
	case OP_UNMAP_PHYS:
		return do_unmap_phys();
	case OP_BAD:
		return do_bad();
	case OP_RESPAWN:
		return do_respawn();
	default:
		return do_switch();
	}
}

/* The operations' weights out of 64. */
static unsigned int random_op(void)
{
	static const unsigned int upto[NOPS] = { 22, 50, 57, 59, 61, 62, 64 };
	uint32_t r = pick(64);
	unsigned int op = 0;

	while (r >= upto[op])
		op++;
	return op;
}

static bool run(uint32_t steps, uint32_t *at_step)
{
	model_init();
	CHECK(mw_bootinfo.ranges[0].pages >= NF, "the grant's first range is too short");
	if (!check_all())
		return false;
	for (*at_step = 0; *at_step < steps; (*at_step)++) {
		unsigned int op = random_op();
		int r;

		rec_reset();
		r = step(op);
		if (r < 0 || !check_all())
			return false;
		tried[op]++;
		done[op] += (uint32_t)r;
	}
	printf("#");
	for (unsigned int op = 0; op < NOPS; op++)
		printf(" %s %u/%u%s", op_names[op], done[op], tried[op], op + 1 < NOPS ? "," : "");
	printf(" (done/tried); %.1f records on average, chains of up to %u\n",
	       (double)records_sum / steps, depth_max);
	printf("# results: 0 %u, -EPERM %u, -EACCES %u, -EEXIST %u, -ENOMEM %u\n", results[0],
	       results[EPERM], results[EACCES], results[EEXIST], results[ENOMEM]);
	for (unsigned int op = 0; op < NOPS; op++)
		CHECK(done[op] > steps / 200, "too few %s done to mean much", op_names[op]);
	CHECK(results[EPERM] && results[EACCES] && results[EEXIST] && results[ENOMEM] > steps / 200,
	      "an error never or too seldom seen");
	return true;
}

TAP_TEST(random_memory_calls_against_a_model)
{
	const char *env = getenv("MICA_STEPS");
	uint32_t steps = env ? (uint32_t)strtoul(env, NULL, 0) : 200000, at_step = 0;

	fuzz_seed("mapdb random");
	if (!run(steps, &at_step)) {
		printf("# step %u: %s\n", at_step, why);
		TAP_ASSERT(!"the kernel and the model disagree");
	}
}

int main(void)
{
	return tap_main();
}
