/*
 * echo_server: registers as "echo" with the root task's name service and
 * answers every ECHO call with the words it got in reverse order, until a
 * QUIT call, which it answers with the number of ECHO calls served.
 */
#include <mica.h>
#include <mica/names.h>
#include <stdio.h>

#define ECHO	1
#define QUIT	2

int main(void)
{
	struct mica_msg msg, reply;
	uint32_t client;
	unsigned int served = 0, n;
	int err = mica_name_register("echo");

	if (err) {
		printf("echo_server: register: %s\n", mica_strerror(err));
		return 1;
	}
	err = mica_wait(&msg, IPC_TIMEOUT_NEVER, &client);
	while (!err && IPC_TAG_LABEL(msg.tag) == ECHO) {
		n = IPC_TAG_WORDS(msg.tag);
		reply.tag = IPC_TAG(ECHO, n);
		for (unsigned int i = 0; i < n && i < IPC_REG_WORDS; i++)
			reply.w[i] = msg.w[n - 1 - i];
		served++;
		msg = reply;
		err = mica_reply_wait(client, &msg, IPC_TIMEOUT_NEVER, &client);
	}
	if (err) {
		printf("echo_server: %s\n", mica_strerror(err));
		return 1;
	}
	printf("echo_server: %u calls served, quitting\n", served);
	msg.tag = IPC_TAG(QUIT, 1);
	msg.w[0] = served;
	return mica_send(client, &msg, IPC_TIMEOUT_POLL) ? 1 : 0;
}
