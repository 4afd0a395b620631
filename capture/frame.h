/*
 * frame.h: one captured frame as the capture layer hands it up.
 */
#ifndef IKW_FRAME_H
#define IKW_FRAME_H

#include <stdint.h>

struct cap_frame {
	uint64_t	 no;		/* 1-based frame number */
	int64_t		 ts_sec;
	uint32_t	 ts_nsec;
	uint32_t	 caplen;	/* bytes captured */
	uint32_t	 wirelen;	/* bytes on the wire */
	int		 dlt;		/* its link type (pcapng: per interface) */
	const uint8_t	*data;		/* valid until the next cap_next() */
};

#endif
