/*
 * test_bytes.c: the bounds-checked cursor.
 */
#include "dissect/bytes.h"
#include "tests/unit/suites.h"

static const uint8_t data[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a
};

static void
test_reads(void)
{
	struct cur c = cur_make(data, sizeof(data));

	CU_ASSERT_EQUAL(cur_u8(&c), 0x01);
	CU_ASSERT_EQUAL(cur_u16(&c), 0x0203);
	CU_ASSERT_EQUAL(cur_u32(&c), 0x04050607);
	CU_ASSERT_EQUAL(cur_left(&c), 3);
	CU_ASSERT_TRUE(cur_ok(&c));
}

static void
test_u64_and_le(void)
{
	struct cur c = cur_make(data, sizeof(data));

	CU_ASSERT_EQUAL(cur_u64(&c), 0x0102030405060708ULL);
	c = cur_make(data, 4);
	CU_ASSERT_EQUAL(cur_u32le(&c), 0x04030201);
}

static void
test_sticky_error(void)
{
	struct cur c = cur_make(data, 3);

	CU_ASSERT_EQUAL(cur_u16(&c), 0x0102);
	CU_ASSERT_EQUAL(cur_u16(&c), 0);	/* one byte left: short */
	CU_ASSERT_FALSE(cur_ok(&c));
	CU_ASSERT_EQUAL(cur_u8(&c), 0);		/* stays failed */
	CU_ASSERT_EQUAL(cur_left(&c), 0);
	CU_ASSERT_PTR_NULL(cur_take(&c, 0));
}

static void
test_sub_limits_child(void)
{
	struct cur c = cur_make(data, sizeof(data)), s;

	cur_skip(&c, 2);
	s = cur_sub(&c, 3);
	CU_ASSERT_TRUE(cur_ok(&c));
	CU_ASSERT_EQUAL(cur_left(&s), 3);
	CU_ASSERT_EQUAL(cur_u16(&s), 0x0304);
	CU_ASSERT_EQUAL(cur_u16(&s), 0);	/* past the child's end */
	CU_ASSERT_FALSE(cur_ok(&s));
	CU_ASSERT_TRUE(cur_ok(&c));		/* parent unaffected */
	CU_ASSERT_EQUAL(cur_u8(&c), 0x06);
}

static void
test_sub_short_fails_parent(void)
{
	struct cur c = cur_make(data, sizeof(data)), s;

	cur_skip(&c, 8);
	s = cur_sub(&c, 5);			/* a length that lies */
	CU_ASSERT_FALSE(cur_ok(&c));
	CU_ASSERT_EQUAL(cur_left(&s), 2);	/* what was captured */
	CU_ASSERT_EQUAL(cur_u16(&s), 0x090a);
}

static void
test_copy_and_peek(void)
{
	struct cur c = cur_make(data, sizeof(data));
	uint8_t out[4] = { 0xff, 0xff, 0xff, 0xff };

	CU_ASSERT_EQUAL(cur_peek_u8(&c, 9), 0x0a);
	CU_ASSERT_EQUAL(cur_peek_u8(&c, 10), 0);
	CU_ASSERT_EQUAL(cur_peek_u32(&c, 6), 0x0708090a);
	CU_ASSERT_EQUAL(cur_peek_u32(&c, 7), 0);
	cur_skip(&c, 8);
	CU_ASSERT_FALSE(cur_copy(&c, out, 4));
	CU_ASSERT_EQUAL(out[0], 0);		/* zeros when short */
	CU_ASSERT_EQUAL(out[3], 0);
}

static void
test_null_and_empty(void)
{
	struct cur c = cur_make(NULL, 10);

	CU_ASSERT_EQUAL(cur_left(&c), 0);
	CU_ASSERT_EQUAL(cur_u8(&c), 0);
	CU_ASSERT_FALSE(cur_ok(&c));
}

int
suite_bytes(void)
{
	static const struct test_def t[] = {
		{ "reads", test_reads },
		{ "u64 and little-endian", test_u64_and_le },
		{ "sticky error", test_sticky_error },
		{ "child cursor limits the handler", test_sub_limits_child },
		{ "short child fails the parent", test_sub_short_fails_parent },
		{ "copy and peek", test_copy_and_peek },
		{ "null buffer", test_null_and_empty },
	};

	return SUITE("bytes", t);
}
