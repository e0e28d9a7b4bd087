/* mica_strerror(): the names of <uapi/errno.h>'s codes. */
#include <mica.h>

#define ERR(e)	{ e, #e }

static const struct {
	int code;
	const char *name;
} errors[] = {
	ERR(EPERM), ERR(ENOENT), ERR(ESRCH), ERR(EINTR), ERR(EIO),
	ERR(E2BIG), ERR(ENOEXEC), ERR(EAGAIN), ERR(ENOMEM), ERR(EACCES), ERR(EFAULT),
	ERR(EBUSY), ERR(EEXIST), ERR(EINVAL), ERR(ENOSPC), ERR(ERANGE),
	ERR(ENOSYS), ERR(EMSGSIZE), ERR(ETIMEDOUT), ERR(ECANCELED),
	ERR(ESENDTIMEDOUT),
};

const char *mica_strerror(int err)
{
	size_t i;

	if (err == 0)
		return "OK";
	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == err)
			return errors[i].name;
	return "E?";
}
