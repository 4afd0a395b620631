# libreswan-ikev1-psk-mismatch: a Libreswan IKEv1 initiator and a
# strongSwan responder with different pre-shared keys.
#
# Libreswan 4.10's pluto initiates Main Mode with PSK "...-A"; charon
# answers with PSK "...-B".  MM1-MM4 succeed on UDP 500; MM5 (encrypted,
# UDP 4500) cannot be decrypted by the responder, which answers each copy
# with an encrypted Informational (PAYLOAD_MALFORMED, from port 500).
# Libreswan resends MM5 at its own intervals (0.5, 0.5, 1, 2, 4 s) and
# gives up when its retransmit-timeout (10 s, default 60 s) has passed,
# logging "Possible authentication failure: no acceptable response to our
# first encrypted message"; keyingtries 1 and rekey no, so no second
# attempt.  Capture on the initiator side.  strongSwan timers changed
# (responder: unused here): retransmit_timeout 1.0 s, retransmit_base 1.5,
# retransmit_tries 2.  No keys: each side's messages are encrypted with a
# key from its own PSK, and Wireshark's IKEv1 decryption cannot follow
# either exchange (it needs the IV chain of messages it cannot read).

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_INI_PSK=ikewatch-lab-psk-A
IKW_RSP_PSK=ikewatch-lab-psk-B
IKW_INI_DAEMON=libreswan
IKW_INI_LSW_RETRANSMIT_TIMEOUT=10s

IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2
IKW_KEYS=ike
IKW_KEYS_LOG=rsp
IKW_KEYS=no
IKW_KEYS_ESP=none

scenario_run()
{
	! ikw_initiate 40 || return 1
	ikw_wait_log ini 'timeout exceeded after [0-9]+ retransmits' 2
}

scenario_expect()
{
	cat <<'X'
# As ikev1-psk-mismatch with a Libreswan initiator: MM5 resent, answered
# only by error Informationals nobody on the initiator's side can read.
finding auth_failed state=MM_WAIT_MSG6      # encrypted first message (MM5) resent, never MM6
finding retransmit state=MM_WAIT_MSG6
no-finding natt_blocked                     # each MM5 on 4500 is answered within a millisecond (from port 500)
no-finding reply_lost                       # the answers are error notifications, and they are here
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding exchange_mismatch
no-finding selector_mismatch
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding nat_detected                     # the responder's own-address NAT-D hash is faked (kernel-libipsec); Libreswan's are true; the peer-address hashes match what is seen here
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding capture_drops
no-finding capture_truncated
exchange 1 main >= 7                        # MM1..MM4, MM5 at least 3 times (6 sent)
exchange 1 informational >= 3               # one error Informational per MM5 copy
exchange 1 quick = 0
packets esp-udp = 0
packets icmp = 0
X
}
