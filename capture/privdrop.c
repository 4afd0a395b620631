/*
 * privdrop.c: give up root once the capture is open (-Z USER).
 * Groups first, then the gid, then the uid; and check that root cannot
 * be taken back.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "capture/source.h"

int
cap_drop_privileges(const char *user, char *errbuf)
{
	struct passwd *pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot switch to user %s: "
		    "%s", user, errno ? strerror(errno) : "no such user");
		return -1;
	}
	if (getuid() == pw->pw_uid && geteuid() == pw->pw_uid)
		return 0;
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "cannot switch to user %s: "
		    "%s", user, strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		snprintf(errbuf, CAP_ERRBUF_SIZE, "switched to user %s but "
		    "root could be regained: refusing to go on", user);
		return -1;
	}
	return 0;
}
