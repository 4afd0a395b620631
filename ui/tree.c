/*
 * tree.c: the -v payload tree under a text packet line.
 *
 *         SA
 *           proposal number 1 protocol IKE
 *             transform type ENCR id ENCR_AES_CBC key_length 256
 *         KE group MODP2048 (group 14) data_length 256
 *
 * A payload or a group inside a list starts a line, indented by depth;
 * values follow on that line; a list of plain values is joined by
 * commas.  -v shows level-1 values, -vv all of them in full.
 */
#include <stdio.h>
#include <string.h>

#include "dissect/ikedetail.h"
#include "ui/tree.h"

#define TREE_INDENT	9	/* under the time column */
#define TREE_MAX_DEPTH	8
#define TREE_HEX_SHORT	16	/* bytes of hex shown at -v */

struct tree {
	FILE		*f;
	int		 verbose;
	int		 depth;
	int		 in_line;	/* a line is open */
	int		 line_depth;	/* depth of the group owning it */
	int		 nlist;
	struct {
		const char *key;
		int	 scalars;	/* values written into this list */
	}		 list[TREE_MAX_DEPTH];
};

static void
tree_newline(struct tree *t, int depth, const char *label)
{
	if (t->in_line)
		fputc('\n', t->f);
	fprintf(t->f, "%*s%s", TREE_INDENT + 2 * depth, "", label);
	t->in_line = 1;
}

/* "proposals" -> "proposal": the label of one element of a list. */
static void
tree_element_label(const char *key, char *buf, size_t len)
{
	size_t n = strlen(key);

	snprintf(buf, len, "%s", key);
	if (n > 1 && n < len && key[n - 1] == 's')
		buf[n - 1] = '\0';
}

static int
tree_in_attributes(const struct tree *t)
{
	return t->nlist > 0 && t->nlist <= TREE_MAX_DEPTH &&
	    t->list[t->nlist - 1].key != NULL &&
	    strcmp(t->list[t->nlist - 1].key, "attributes") == 0;
}

static void
tree_group_begin(void *arg, const char *key)
{
	struct tree *t = arg;
	char label[40] = "";

	/* Attributes read "Key Length = 256": no label of their own. */
	if (key == NULL && t->nlist > 0 && tree_in_attributes(t))
		label[0] = '\0';
	else if (key == NULL && t->nlist > 0)
		tree_element_label(t->list[t->nlist - 1].key, label,
		    sizeof(label));
	else if (key != NULL)
		snprintf(label, sizeof(label), "%s", key);
	/* A payload's label is its type, the group's first value. */
	if (t->nlist == 0 && t->depth == 0)
		label[0] = '\0';
	tree_newline(t, t->depth, label);
	t->depth++;
	t->line_depth = t->depth;
}

static void
tree_group_end(void *arg)
{
	struct tree *t = arg;

	t->depth--;
	if (t->depth == 0 && t->in_line) {
		fputc('\n', t->f);
		t->in_line = 0;
	}
}

static void
tree_list_begin(void *arg, const char *key)
{
	struct tree *t = arg;

	if (t->nlist < TREE_MAX_DEPTH) {
		t->list[t->nlist].key = key;
		t->list[t->nlist].scalars = 0;
	}
	t->nlist++;
}

static void
tree_list_end(void *arg)
{
	struct tree *t = arg;

	t->nlist--;
}

static void
tree_hex(struct tree *t, const uint8_t *b, size_t n)
{
	size_t i, show = n;

	if (t->verbose < 2 && show > TREE_HEX_SHORT)
		show = TREE_HEX_SHORT;
	for (i = 0; i < show; i++)
		fprintf(t->f, "%02x", b[i]);
	if (show < n)
		fprintf(t->f, "... (%zu bytes)", n);
}

static void
tree_value(void *arg, int level, const char *key, const struct ikd_value *v)
{
	struct tree *t = arg;
	char a[ADDR_STRLEN];

	(void)level;
	/* The payload's number is for scripts; its name labels the line. */
	if (key != NULL && strcmp(key, "type_num") == 0 && t->nlist == 0)
		return;
	/* A value after a nested group: back on a line of its own group. */
	if (t->line_depth != t->depth && t->depth > 0) {
		tree_newline(t, t->depth - 1, " ");
		t->line_depth = t->depth;
	}
	if (key == NULL && t->nlist > 0 && t->nlist <= TREE_MAX_DEPTH) {
		/* A plain value in a list: "spis 0a0b0c0d,0e0f1011". */
		if (t->list[t->nlist - 1].scalars++ == 0)
			fprintf(t->f, " %s ", t->list[t->nlist - 1].key);
		else
			fputc(',', t->f);
	} else if (key != NULL && strcmp(key, "type") == 0 &&
	    t->depth == 1 && t->nlist == 0)
		;	/* the payload's label */
	else if (key != NULL && tree_in_attributes(t) &&
	    strcmp(key, "type") == 0)
		fputc(' ', t->f);
	else if (key != NULL && tree_in_attributes(t) &&
	    strcmp(key, "value") == 0)
		fputs(" = ", t->f);
	else
		fprintf(t->f, " %s ", key ? key : "");
	switch (v->kind) {
	case IKD_UINT:
		fprintf(t->f, "%llu", (unsigned long long)v->u);
		break;
	case IKD_NAMED:
		fputs(v->s, t->f);
		/* -vv adds the number, unless the name already has it. */
		if (t->verbose >= 2 && strncmp(v->s, "UNKNOWN", 7) != 0 &&
		    v->s[0] != '\0' && v->s[strlen(v->s) - 1] != ')')
			fprintf(t->f, "(%llu)", (unsigned long long)v->u);
		break;
	case IKD_TEXT:
		fputs(v->s, t->f);
		break;
	case IKD_BYTES:
		tree_hex(t, v->b, v->n);
		break;
	case IKD_ADDR:
		fputs(addr_fmt(&v->addr, a, sizeof(a)), t->f);
		break;
	case IKD_BOOL:
		fputs(v->u ? "yes" : "no", t->f);
		break;
	}
}

void
tree_print(FILE *f, const struct ike_msg *m, int verbose)
{
	struct tree t;
	struct ikd_visitor v = {
		&t, tree_group_begin, tree_group_end, tree_list_begin,
		tree_list_end, tree_value,
	};

	memset(&t, 0, sizeof(t));
	t.f = f;
	t.verbose = verbose;
	ikd_walk(m, verbose, &v);
	if (t.in_line)
		fputc('\n', f);
}
