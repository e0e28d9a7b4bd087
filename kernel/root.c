/*
 * The root task: the one ELF the kernel loads (embedded in the image by
 * kernel/root_image.S). Its segments, a stack and the bootinfo page are
 * put in frames the root task owns; then every free frame beyond the
 * kernel's reserve is granted to it, and its first thread starts with
 * r0 = 0 (no start-up block, <mica/startup.h>): the bootinfo is at the
 * fixed MICA_BOOTINFO_VA. docs/tasks.md describes the whole start.
 */
#include <arch/cache.h>
#include <kernel/boot.h>
#include <kernel/clock.h>
#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/root.h>
#include <kernel/sched.h>
#include <lib/elf.h>
#include <mm/buddy.h>
#include <mm/phys.h>
#include <string.h>

#define ROOT_PRIO		200
#define KMEM_MIN		(512 * 1024)

extern const char root_image_start[], root_image_end[];

/* A cleared frame the root task owns, or a panic (boot cannot go on). */
static paddr_t root_frame(struct task *root, uint32_t *pages)
{
	paddr_t pa = buddy_alloc(0);

	if (pa == BUDDY_NONE)
		panic("root: no frame for the root task's image");
	buddy_block_set(pa, 0, FRAME_TASK, root->id);
	frames_set_owner(pa, 1, root);
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	(*pages)++;
	return pa;
}

/*
 * Maps [va, va + size) of root to fresh frames holding data (len bytes at
 * offset off from va's page start, the rest zero). The kernel writes
 * through its alias and cleans it, so memory holds the bytes before the
 * root task's first access through its own address. The mappings get
 * rights (MAP_*) and are recorded in the mapping database.
 */
static void root_fill(struct task *root, vaddr_t va, size_t size,
		      const void *data, size_t off, size_t len,
		      unsigned int rights, uint32_t *pages)
{
	for (vaddr_t page = ALIGN_DOWN(va, PAGE_SIZE); page < va + size;
	     page += PAGE_SIZE) {
		paddr_t pa = root_frame(root, pages);
		char *k = phys_to_virt(pa);
		size_t at = page - ALIGN_DOWN(va, PAGE_SIZE);

		/* The file bytes in this page: [lo, hi) of it; the rest stays zero. */
		size_t lo = off > at ? off - at : 0;
		size_t hi = off + len < at + PAGE_SIZE ? off + len - at : PAGE_SIZE;

		if (off + len > at && off < at + PAGE_SIZE)
			memcpy(k + lo, (const char *)data + at + lo - off, hi - lo);
		dcache_clean_range((vaddr_t)k, (vaddr_t)k + PAGE_SIZE);
		if (mapdb_map(root, page, pa, rights, NULL))
			panic("root: cannot map 0x%08x", (unsigned int)page);
	}
}

static unsigned int elf_rights(uint32_t pflags)
{
	return MAP_READ | (pflags & ELF_PF_W ? MAP_WRITE : 0) |
	       (pflags & ELF_PF_X ? MAP_EXEC : 0);
}

/* Loads every PT_LOAD segment; returns the entry point. */
static vaddr_t root_load(struct task *root, uint32_t *pages)
{
	size_t len = root_image_end - root_image_start;
	struct elf_info info;
	struct elf_segment seg;

	if (elf_check(root_image_start, len, MICA_USER_START, MICA_UTCB_AREA, &info))
		panic("root: the embedded root task is not a valid ELF");
	for (unsigned int i = 0; i < info.nr_segments; i++) {
		BUG_ON(elf_segment(root_image_start, &info, i, &seg));
		root_fill(root, seg.vaddr, seg.memsz, seg.data,
			  seg.vaddr % PAGE_SIZE, seg.filesz,
			  elf_rights(seg.flags), pages);
	}
	return info.entry;
}

/* kmem=SIZE[K|M], else an eighth of RAM; at least KMEM_MIN. */
static uint32_t kmem_reserve(paddr_t ram)
{
	const char *s = boot_option("kmem");
	uint32_t v = 0;

	if (!s || !*s)
		return ram / 8 > KMEM_MIN ? ram / 8 : KMEM_MIN;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	if (*s == 'K' || *s == 'k')
		v <<= 10, s++;
	else if (*s == 'M' || *s == 'm')
		v <<= 20, s++;
	if (*s || v < KMEM_MIN) {
		printk("warning: kmem=%s is not a size of at least %u KiB, using %u KiB\n",
		       boot_option("kmem"), KMEM_MIN >> 10, KMEM_MIN >> 10);
		return KMEM_MIN;
	}
	return v;
}

static void bootinfo_fill(struct mica_bootinfo *bi, struct task *root)
{
	paddr_t start, end;
	size_t initrd_size;
	paddr_t initrd;

	buddy_ram_range(&start, &end);
	bi->magic = MICA_BOOTINFO_MAGIC;
	bi->ram_bytes = end - start;
	bi->tick_hz = clock_hz();
	bi->root_task = root->id;
	strlcpy(bi->args, boot_root_args(), sizeof(bi->args));
	if (boot_initrd(&initrd, &initrd_size)) {
		bi->initrd_pa = initrd;
		bi->initrd_size = initrd_size;
		frames_set_owner(ALIGN_DOWN(initrd, PAGE_SIZE),
				 (ALIGN_UP(initrd + initrd_size, PAGE_SIZE) -
				  ALIGN_DOWN(initrd, PAGE_SIZE)) >> PAGE_SHIFT, root);
	}
}

void root_start(void)
{
	struct task *root = task_create(NULL, "root", 0xffffffffu, MICA_PRIO_MAX);
	uint32_t pages = 0, granted;
	paddr_t bi_pa, start, end;
	struct mica_bootinfo *bi;
	vaddr_t entry;
	struct tcb *th;

	if (!root)
		panic("root: no memory for the root task");
	root_task = root;
	entry = root_load(root, &pages);
	root_fill(root, MICA_ROOT_STACK_TOP - MICA_ROOT_STACK_SIZE,
		  MICA_ROOT_STACK_SIZE, NULL, 0, 0, MAP_READ | MAP_WRITE, &pages);
	bi_pa = root_frame(root, &pages);
	bi = phys_to_virt(bi_pa);
	bootinfo_fill(bi, root);
	buddy_ram_range(&start, &end);
	bi->kernel_reserve = kmem_reserve(end - start);
	granted = frames_grant(root, bi->kernel_reserve, bi);
	bi->image_pages = pages;
	root->frames += pages;
	dcache_clean_range((vaddr_t)bi, (vaddr_t)bi + PAGE_SIZE);
	if (task_map(root, MICA_BOOTINFO_VA, bi_pa, PAGE_SIZE, VM_USER))
		panic("root: cannot map the bootinfo page");
	th = thread_create(root, entry, MICA_ROOT_STACK_TOP, 0, ROOT_PRIO, TID_NIL);
	if (!th)
		panic("root: no memory for the root thread");
	thread_start(th);
	printk("task: %s started (task %u, %u frames granted)\n", root->name,
	       root->id, granted + pages);
}
