/*
 * tree.h: the -v payload tree of the text output.
 */
#ifndef IKW_TREE_H
#define IKW_TREE_H

#include <stdio.h>

#include "dissect/pkt.h"

void	tree_print(FILE *, const struct ike_msg *, int verbose);

#endif
