/*
 * opts.h: what the command line asks for.
 */
#ifndef IKW_OPTS_H
#define IKW_OPTS_H

#include <stddef.h>

#define EXIT_USAGE		2
#define KEY_FILES_MAX		32

struct opts {
	const char	*rfile;
	const char	*rfile2;	/* a second capture point, --report */
	const char	*iface;
	const char	*user;
	char		*filter;	/* joined from the arguments */
	int		 quiet;
	int		 verbose;
	int		 json;
	int		 vocab;		/* enum state_vocab */
	size_t		 memcap;	/* 0: the default */
	double		 stall;		/* seconds; 0: the default */
	int		 tui;		/* -1: decide, 0 no, 1 yes */
	const char	*report;	/* --report DIR */
	int		 force;
	double		 speed;		/* replay speed; < 0: not given */
	size_t		 ring;		/* live evidence ring; 0: default */
	const char	*keys[KEY_FILES_MAX];	/* --keys FILE, in order */
	int		 nkeys;
};

/*
 * Reads the command line into o.  0: run; 1: done already (--help,
 * --version, --list-findings printed); -1: a usage error, said on
 * stderr.
 */
int	opts_parse(int argc, char **argv, struct opts *o);

#endif
