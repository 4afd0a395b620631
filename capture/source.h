/*
 * source.h: frames from a capture file or a live interface (libpcap).
 *
 * Library style: functions return a negative value and fill the
 * caller's errbuf (CAP_ERRBUF_SIZE) with one sentence; nothing here
 * prints or exits.
 */
#ifndef IKW_SOURCE_H
#define IKW_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "capture/frame.h"

#define CAP_ERRBUF_SIZE		512
#define CAP_SNAPLEN		262144
#define CAP_BUFFER_SIZE		(64 * 1024 * 1024)	/* busy span ports */
#define CAP_TIMEOUT_MS		100

/* cap_next() results */
#define CAP_FRAME	1	/* *f holds a frame */
#define CAP_NONE	0	/* live: nothing waiting now */
#define CAP_EOF		(-1)	/* file: the end, cleanly */
#define CAP_ERROR	(-2)	/* errbuf says what; frames before it stand */

struct cap_source;

struct cap_stats {
	int		 valid;		/* live only */
	uint64_t	 received;
	uint64_t	 dropped;	/* by the kernel: buffer full */
	uint64_t	 ifdropped;	/* by the interface or driver */
};

struct cap_info {
	const char	*name;		/* file path or interface */
	int		 live;
	int		 dlt;
	const char	*dlt_name;	/* "EN10MB" */
	const char	*dlt_text;	/* "Ethernet" */
	int		 snaplen;
	int		 nanosecond;	/* timestamps carry nanoseconds */
	const char	*filter;	/* the BPF expression in force */
	const char	*user_filter;	/* the user's own part, or NULL */
};

/* The filter used live when the user gives none of their own. */
extern const char cap_default_filter[];

int	cap_open_file(struct cap_source **, const char *path, char *errbuf);
int	cap_open_live(struct cap_source **, const char *iface,
	    const char *user_filter, char *errbuf);
/* Files: only frames matching expr are returned; numbering is the file's. */
int	cap_set_file_filter(struct cap_source *, const char *expr,
	    char *errbuf);
int	cap_next(struct cap_source *, struct cap_frame *, char *errbuf);
/* Live: a descriptor to poll(); -1 for files. */
int	cap_fd(const struct cap_source *);
int	cap_get_stats(struct cap_source *, struct cap_stats *);
void	cap_info(const struct cap_source *, struct cap_info *);
/* Ask a blocking read to return (signal handlers may call it). */
void	cap_break(struct cap_source *);
void	cap_close(struct cap_source *);

/* After the capture is open: become USER for good. */
int	cap_drop_privileges(const char *user, char *errbuf);

#endif
