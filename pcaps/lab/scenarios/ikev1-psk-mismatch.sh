# ikev1-psk-mismatch: IKEv1 Main Mode with different pre-shared keys.
#
# The initiator uses PSK "ikewatch-lab-psk-A", the responder "...-B".
# MM1-MM4 succeed on UDP 500 (the key is not used yet); MM5 (ID + HASH_I,
# encrypted with a key derived from the initiator's PSK) goes to UDP 4500.
# The responder derives a different key, cannot decrypt it and answers
# each copy with an Informational carrying PAYLOAD_MALFORMED, encrypted
# with its own key and sent from port 500.  The initiator cannot read that
# either, resends MM5 and gives up.  Capture on the initiator side.
# Timers changed: retransmit_timeout 1.0 s, retransmit_base 1.5,
# retransmit_tries 2 (defaults 4.0 s, 1.8, 5): MM5 is sent 3 times.
# Keys: the initiator's Ka (decrypts the initiator's MM5 copies, showing ID
# and HASH_I); the responder's messages use a key nobody has from the
# initiator's side.  No ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_INI_PSK=ikewatch-lab-psk-A
IKW_RSP_PSK=ikewatch-lab-psk-B
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2
IKW_KEYS=ike
IKW_KEYS_IKE=some
IKW_KEYS_ESP=none

scenario_run()
{
	! ikw_initiate 20 || return 1
	ikw_wait_log rsp 'PAYLOAD_MALFORMED|INVALID_HASH|failed|authentication' 1
}

scenario_expect()
{
	cat <<'X'
# MM5 is answered by an Informational the initiator cannot decrypt, never
# by MM6: the pre-shared keys differ (the responder's HASH_I check, or its
# decryption of MM5, fails).  The initiator waits in MM_WAIT_MSG6.
finding auth_failed state=MM_WAIT_MSG6   # encrypted first message (MM5) resent, answered only by an error Informational
finding retransmit state=MM_WAIT_MSG6    # MM5 copies with the same bytes
# The Informational answers each MM5 copy within a millisecond: the
# responder gets MM5 over UDP 4500, so the NAT-T path works, although
# strongSwan sends this error from port 500 (to port 500).  Not natt_blocked.
no-finding natt_blocked
# The responder's answers reach the initiator side of the path (they are in
# this capture) and are error notifications, not a lost MM6.
no-finding reply_lost
no-finding proposal_mismatch             # MM1/MM2 agreed on a proposal
no-finding child_sa_refused              # no child SA was refused
no-finding exchange_mismatch             # Main Mode both ways
no-finding selector_mismatch             # Quick Mode never started
no-finding notify_error                  # the only notify is encrypted with the responder's (other) key
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding nat_detected                  # only the faked own-address NAT-D hashes differ (see ikev1-main-healthy)
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding capture_drops
no-finding capture_truncated
exchange 1 main >= 6                     # MM1..MM4 once, MM5 at least twice (3 sends)
exchange 1 informational >= 2            # one error Informational per MM5 copy
exchange 1 quick = 0
exchange 1 aggressive = 0
packets esp-udp = 0
packets icmp = 0
X
}
