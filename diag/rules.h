/*
 * rules.h: the finding rules' shared view of one IKE SA (private to
 * finding.c, rules_exch.c and rules_path.c).
 */
#ifndef IKW_RULES_H
#define IKW_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "diag/finding.h"

/*
 * The smallest IDr + AUTH an IKE_AUTH answer can carry (RFC 7296 3.5,
 * 3.8: 4-byte headers, a 1-byte identity, a 16-byte PRF output), and the
 * smallest that also carries a child SA (SA with one ESP proposal, TSi and
 * TSr with one IPv4 range each).
 */
#define V2_ROOM_AUTH	(9 + 24)
#define V2_ROOM_CHILD	(V2_ROOM_AUTH + 24 + 24 + 24)

/* What the assessment works with. */
struct view {
	const struct ike_sa *sa;
	struct assess_ctx *ctx;
	char	 ini[ADDR_STRLEN];
	char	 rsp[ADDR_STRLEN];
	int	 emitted;
	/* facts more than one rule weighs */
	const struct sa_msg *unanswered[2];	/* latest per side */
	int	 natt_blocked;
	int	 icmp_port;
	int	 icmp_filtered;
	int	 silent[2];		/* nothing at all from that side */
	const struct sa_keyed *keyed;	/* all zero without keys */
};

/* Reading the record (finding.c). */
void	rv_emit(struct view *v, struct finding *f);
double	rv_secs(const struct sa_when *a, int64_t sec, uint32_t nsec);
double	rv_span(const struct sa_when *a, const struct sa_when *b);
const char	*rv_who(const struct view *v, int from_ini);
void	rv_msg_label(const struct ike_sa *sa, const struct sa_msg *m, char *buf,
		    size_t len);
void	rv_fmt_dur(double s, char *buf, size_t len);
const struct sa_msg	*rv_latest_from(const struct ike_sa *sa, int from_ini);
int	rv_waited(const struct view *v, const struct sa_msg *m);
const struct sa_xchg	*rv_xchg_of(const struct ike_sa *sa,
		    const struct sa_msg *m);
void	rv_copy_frames(struct finding *f, const struct ike_sa *sa,
		    const struct sa_msg *m);
int	rv_first_contact(const struct sa_msg *m);
void	rv_msg_finding(struct finding *f, enum finding_id id,
		    const struct ike_sa *sa, const struct sa_msg *m);
const char	*rv_notify_name(const struct ike_sa *sa, uint16_t type,
		    char *buf, size_t len);
int	rv_is_auth_notify(int version, uint16_t t);
const struct sa_msg	*rv_find_pos(const struct ike_sa *sa,
		    enum state_xchg xk, int step);
const struct sa_msg	*rv_info_after(const struct ike_sa *sa,
		    const struct sa_msg *m);
int	rv_has_note(const struct ike_sa *sa, enum finding_id id);
int	rv_answers_from(const struct ike_sa *sa, int from_ini);
void	rv_causes_unanswered(struct view *v, struct finding *f,
		    const struct sa_msg *m);

/* The rules: exchanges (rules_exch.c), the path (rules_path.c). */
void	rule_no_response(struct view *v);
void	rule_retransmit(struct view *v);
void	rule_reply_lost(struct view *v);
void	rule_notifies(struct view *v);
void	rule_auth_quiet(struct view *v);
void	rule_qm_refused(struct view *v);
void	rule_mode_clash(struct view *v);
void	rule_natt(struct view *v);
void	rule_nat(struct view *v);
void	rule_rebind(struct view *v);
void	rule_fraglost(struct view *v);
void	rule_icmp(struct view *v);
void	rule_dpd(struct view *v);
void	rule_lifetime(struct view *v);
void	rule_collision(struct view *v);
void	rule_one_sided(struct view *v);
void	rule_decrypt(struct view *v);
void	rule_esp_keyed(struct view *v);

#endif
