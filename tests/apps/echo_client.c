/*
 * echo_client: finds "echo" through the root task's name service, makes
 * three ECHO calls of three words and prints what came back, then tells
 * the server to quit.
 */
#include <mica.h>
#include <mica/names.h>
#include <stdio.h>

#define ECHO	1
#define QUIT	2

int main(void)
{
	struct mica_msg msg;
	uint32_t server;
	int err = mica_name_lookup("echo", &server, 2000);

	if (err) {
		printf("echo_client: lookup: %s\n", mica_strerror(err));
		return 1;
	}
	for (uint32_t i = 1; i <= 3; i++) {
		msg.tag = IPC_TAG(ECHO, 3);
		msg.w[0] = i;
		msg.w[1] = 10 * i;
		msg.w[2] = 100 * i;
		err = mica_call(server, &msg, IPC_TIMEOUT_NEVER, 1000);
		if (err) {
			printf("echo_client: call: %s\n", mica_strerror(err));
			return 1;
		}
		printf("echo_client: sent %u %u %u, got %u %u %u\n", i, 10 * i,
		       100 * i, msg.w[0], msg.w[1], msg.w[2]);
	}
	msg.tag = IPC_TAG(QUIT, 0);
	err = mica_call(server, &msg, IPC_TIMEOUT_NEVER, 1000);
	if (err) {
		printf("echo_client: quit: %s\n", mica_strerror(err));
		return 1;
	}
	printf("echo_client: the server says it served %u calls\n", msg.w[0]);
	return 0;
}
