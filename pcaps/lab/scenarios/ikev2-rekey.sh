# ikev2-rekey: IKEv2 rekeying of the CHILD_SA and of the IKE SA with
# shortened lifetimes.
#
# The initiator's child has rekey_time = 5 s (life_time 9 s) and its IKE
# SA rekey_time = 8 s (over_time 5 s); rand_time = 0, so no jitter (set
# explicitly: swanctl's defaults, 10 % of the rekey time, round down to 0
# for such short times and the SAs then expire instead of rekeying); the responder keeps the defaults (1 h,
# 4 h), so only the initiator rekeys (no collisions).  The tunnel comes up,
# the initiator's inner host pings every 0.3 s for about 12 s: the CHILD_SA
# is rekeyed at 5 s and 10 s (CREATE_CHILD_SA with REKEY_SA, new SPIs, then
# an INFORMATIONAL Delete of the old ESP SAs), the IKE SA at 8 s
# (CREATE_CHILD_SA with a new IKE SA proposal and KE, then a Delete of the
# old IKE SA, RFC 7296 1.3.2); ESP moves to the new SPIs each time.  Then
# the initiator deletes the (new) IKE SA.  Capture on the initiator side.
# Timers changed: child rekey_time 5 s / life_time 9 s, IKE rekey_time
# 8 s / over_time 5 s, rand_time 0
# (initiator only; defaults 1 h / 4 h with jitter), retransmit_timeout
# 1.0 s, retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).
# Keys: every IKE SA and CHILD_SA, so all CREATE_CHILD_SA and Delete
# messages and all ESP decrypt.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-rekey-psk
IKW_INI_EXTRA_CONN="rekey_time = 8s
		over_time = 5s
		rand_time = 0s"
IKW_INI_EXTRA_CHILD="rekey_time = 5s
				life_time = 9s
				rand_time = 0s"
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	ikw_initiate 10 || return 1
	IKW_PING_INTERVAL=0.3 ikw_ping ini 40 || return 1
	ikw_ping rsp 3 || return 1
	ikw_terminate ini
}

scenario_check()
{
	[[ $(ikw_count_log ini '^[^ ]+ [0-9]+\[IKE\] (inbound )?CHILD_SA ikw\{[0-9]+\} established') -ge 3 ]] ||
		{ ikw_log "check: FAIL: fewer than 2 CHILD_SA rekeys"; return 1; }
	ikw_wait_log ini 'IKE_SA ikw\[[0-9]+\] rekeyed' 1
}

scenario_expect()
{
	cat <<'X'
# Rekeying as it should be: each CREATE_CHILD_SA is answered, the old SAs
# are deleted after the new ones are in use, ESP moves to the new SPIs.
no-finding delete_loop                  # SAs are replaced by rekeys (CREATE_CHILD_SA, REKEY_SA), not torn down and rebuilt
no-finding rekey_collision              # only the initiator rekeys (the responder's lifetimes are hours)
no-finding lifetime_mismatch            # IKEv2 negotiates no lifetimes; each side rekeys on its own schedule (RFC 7296 2.8)
no-finding esp_unknown_spi              # ESP only on SPIs negotiated here, old SPIs stop once deleted
no-finding esp_one_way
no-finding esp_sequence                 # each new SA starts at 1; no gap within an SA
no-finding no_response                  # every CREATE_CHILD_SA and INFORMATIONAL request is answered
no-finding retransmit
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding selector_mismatch
no-finding dh_group_retry
no-finding notify_error
no-finding natt_blocked
no-finding nat_detected                 # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding capture_drops
no-finding capture_truncated
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 CREATE_CHILD_SA >= 6         # 2 CHILD_SA rekeys and 1 IKE SA rekey: request + response each
exchange 2 INFORMATIONAL >= 8           # Delete of each old SA (3), the final Delete: request + response each
packets esp-udp >= 70                   # 40 pings + 3 pings, request and reply
packets icmp = 0
X
}
