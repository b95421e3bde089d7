#!/usr/bin/env python3
"""Hand-made fuzz seeds, well-formed and malformed, for every corpus under tests/fuzz.

Writes tests/fuzz/<module>/corpus/<target>/hand-<name> (overwriting its own files only). The
libFuzzer runs (scripts/fuzz-corpora) start from these and merge what they find; ctest replays
every corpus file (`<target>.corpus`). Run: python3 tests/fuzz/hand_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CRLF = "\r\n"


def sip(*lines, body=""):
    return CRLF.join(lines) + CRLF + CRLF + body


def invite(cid="a84b4c76e66710@pc33", body="", extra=(), cl=None):
    head = ["INVITE sip:bob@127.0.0.1:5060 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK776asdhds;rport",
            "Max-Forwards: 70", "To: Bob <sip:bob@127.0.0.1>",
            "From: Alice <sip:alice@127.0.0.1>;tag=1928301774", "Call-ID: " + cid,
            "CSeq: 314159 INVITE", "Contact: <sip:alice@127.0.0.1:5070>", *extra,
            "Content-Length: %s" % (len(body) if cl is None else cl)]
    return sip(*head, body=body)


def request(method, cseq_method=None, cid="cid-1@host", extra=(), branch="z9hG4bKbranch1", body=""):
    return sip("%s sip:bob@127.0.0.1 SIP/2.0" % method,
               "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=%s" % branch, "Max-Forwards: 70",
               "To: <sip:bob@127.0.0.1>", "From: <sip:alice@127.0.0.1>;tag=abc",
               "Call-ID: " + cid, "CSeq: 1 %s" % (cseq_method or method), *extra,
               "Content-Length: %d" % len(body), body=body)


SDP = CRLF.join(["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
                 "m=audio 40000 RTP/AVP 0 8 101", "a=rtpmap:101 telephone-event/8000",
                 "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv"]) + CRLF


def sdp_doc(*lines):
    return CRLF.join(lines) + CRLF


def rtp(pt=0, seq=1, ts=160, ssrc=0x11223344, payload=b"\xff" * 160, marker=0, cc=0, x=0, p=0,
        version=2, csrcs=b"", ext=b"", pad=b""):
    b0 = (version << 6) | (p << 5) | (x << 4) | cc
    return struct.pack("!BBHII", b0, (marker << 7) | pt, seq, ts, ssrc) + csrcs + ext + payload + pad


def rtcp_rr(ssrc=1, blocks=0, length=None):
    body = struct.pack("!I", ssrc) + b"\0" * 24 * blocks
    n = len(body) // 4 if length is None else length
    return struct.pack("!BBH", 0x80 | blocks, 201, n) + body


def rtcp_sr(ssrc=1):
    body = struct.pack("!IIIIII", ssrc, 0xE1234567, 0x89ABCDEF, 160, 10, 1600)
    return struct.pack("!BBH", 0x80, 200, len(body) // 4) + body


def rtcp_sdes(ssrc=1, cname=b"user@host"):
    item = bytes([1, len(cname)]) + cname + b"\0"
    item += b"\0" * (-len(item) % 4)
    chunk = struct.pack("!I", ssrc) + item
    return struct.pack("!BBH", 0x81, 202, len(chunk) // 4) + chunk


def rtcp_bye(ssrc=1, reason=b""):
    body = struct.pack("!I", ssrc)
    if reason:
        r = bytes([len(reason)]) + reason
        body += r + b"\0" * (-len(r) % 4)
    return struct.pack("!BBH", 0x81, 203, len(body) // 4) + body


def te(ts_sel, event, end, volume, duration):
    return bytes([ts_sel, event, (0x80 if end else 0) | volume]) + struct.pack("!H", duration)


SEEDS = {
    ("sip", "stream_framer"): {
        "two_invites_chunk1": b"\x00" + (invite(body=SDP) + invite("second@pc33")).encode(),
        "keepalive_between": b"\x07" + (CRLF * 2 + request("OPTIONS") + CRLF * 2 +
                                        request("OPTIONS", cid="x2")).encode(),
        "no_content_length": b"\x10" + sip("OPTIONS sip:a@b SIP/2.0", "Via: SIP/2.0/TCP h;branch=z9hG4bK1",
                                           "Call-ID: 1", "CSeq: 1 OPTIONS").encode(),
        "content_length_over_limit": b"\x20" + invite(cl=99999).encode(),
        "content_length_negative": b"\x05" + invite(cl=-1).encode(),
        "content_length_text": b"\x05" + invite(cl="abc").encode(),
        "content_length_twice": b"\x3f" + invite(body="hello", extra=("Content-Length: 2",)).encode(),
        "compact_l": b"\x02" + sip("MESSAGE sip:a@b SIP/2.0", "v: SIP/2.0/TCP h;branch=z9hG4bK2",
                                   "i: c1", "CSeq: 1 MESSAGE", "l: 5", body="hello").encode(),
        "header_never_ends": b"\x3f" + (b"INVITE sip:a@b SIP/2.0\r\nX-Long: " + b"a" * 5000),
        "body_truncated": b"\x01" + invite(body=SDP).encode()[:-40],
        "leading_garbage": b"\x09" + b"\x16\x03\x01\x00\xa5garbage\r\n" + request("BYE").encode(),
        "lf_only": b"\x04" + request("OPTIONS").replace(CRLF, "\n").encode(),
        "folded_content_length": b"\x03" + sip("OPTIONS sip:a@b SIP/2.0", "Call-ID: 3",
                                               "Content-Length:", "   4", body="abcd").encode(),
        "nul_in_header": b"\x06" + request("OPTIONS").encode().replace(b"Max-Forwards", b"Max-\0Forwards"),
        "response_then_request": b"\x0b" + (sip("SIP/2.0 200 OK", "Via: SIP/2.0/TCP h;branch=z9hG4bK3",
                                                "Call-ID: 9", "CSeq: 1 INVITE", "Content-Length: 0") +
                                            request("ACK")).encode(),
        "cl_whitespace": b"\x08" + sip("INFO sip:a@b SIP/2.0", "Call-ID: 4", "Content-Length :   3  ",
                                       body="abc").encode(),
    },
    ("sip", "session_timer"): {
        "uac_refresher": b"1800;refresher=uac\n90",
        "uas_refresher": b"1800;refresher=uas\n1800",
        "minimum": b"90\n90",
        "below_minimum": b"89\n",
        "zero": b"0\n0",
        "huge": b"4294967296;refresher=uas\n4294967296",
        "digits_overflow": b"99999999999999999999999\n99999999999999999999",
        "negative": b"-1\n-90",
        "not_a_number": b"abc;refresher=uac\nxyz",
        "bad_refresher": b"1800;refresher=proxy\n120",
        "refresher_no_value": b"1800;refresher\n120;",
        "spaces": b" 1800 ; refresher = uac \n 120 ",
        "extension_params": b"1800;x=y;refresher=uac;z\n120;foo=bar",
        "empty_lines": b"\n",
        "min_se_above": b"600\n1800",
        "double_semicolon": b"1800;;refresher=uac\n90;;",
        "compact_x": b"1800;refresher=UAC\n0090",
    },
    ("rtp", "telephone_event"): {
        "press_retransmit_end": (te(1, 5, 0, 10, 160) + te(1, 5, 0, 10, 320) + te(1, 5, 0, 10, 480) +
                                 te(1, 5, 1, 10, 640) + te(1, 5, 1, 10, 640) + te(1, 5, 1, 10, 640)),
        "two_digits": te(1, 1, 0, 10, 160) + te(1, 1, 1, 10, 800) + te(9, 2, 0, 10, 160) + te(9, 2, 1, 10, 800),
        "new_event_before_end": te(1, 3, 0, 10, 160) + te(2, 4, 0, 10, 160) + te(2, 4, 1, 10, 400),
        "end_without_begin": te(5, 7, 1, 20, 1000) + te(5, 7, 1, 20, 1000),
        "flash_and_255": te(1, 16, 0, 0, 0) + te(1, 16, 1, 0, 0) + te(3, 255, 1, 63, 65535),
        "timestamp_wrap": te(255, 9, 0, 10, 160) + te(0, 9, 1, 10, 320),
        "volume_max_duration_zero": te(1, 0, 0, 63, 0) + te(1, 0, 1, 63, 0),
        "reserved_bit": bytes([1, 6, 0x40 | 10]) + struct.pack("!H", 160),
        "short_tail": te(1, 8, 0, 10, 160) + b"\x01\x08\x00",
        "same_ts_other_event": te(4, 1, 0, 10, 160) + te(4, 2, 0, 10, 320) + te(4, 2, 1, 10, 480),
    },
    ("call", "dtmf_info"): {
        "relay_5": b"\x00Signal=5\r\nDuration=160\r\n",
        "relay_star_code": b"\x00Signal=10\r\nDuration=100",
        "relay_spaces_lf": b"\x00 signal = #\nVolume=10\n",
        "relay_no_signal": b"\x00Duration=160\r\n",
        "relay_two_signals": b"\x00Signal=1\r\nSignal=2\r\n",
        "relay_no_equals": b"\x00Signal 5\r\n",
        "relay_huge_duration": b"\x00Signal=5\r\nDuration=999999999\r\n",
        "relay_nul": b"\x00Signal=\x00\r\n",
        "dtmf_hash": b"\x01#\r\n",
        "dtmf_two_keys": b"\x0112",
        "dtmf_utf8": b"\x01\xc3\xa9",
        "other_type": b"\x02text/plain\x00Signal=5",
        "type_with_params": b"\x02application/dtmf-relay;x=1\x00Signal=9",
        "no_type": b"\x02\x00",
    },
    ("sip", "refer_progress"): {
        "trying": b"\x00SIP/2.0 100 Trying\r\n",
        "ok_with_headers": b"\x00SIP/2.0 200 OK\r\nContent-Type: application/sdp\r\n",
        "busy_terminated": b"\x04terminated;reason=noresource\x00SIP/2.0 486 Busy Here",
        "no_reason": b"\x00SIP/2.0 603",
        "event_with_id": b"\x01Refer;id=93809824\x00SIP/2.0 180 Ringing",
        "other_event": b"\x01presence\x00SIP/2.0 200 OK",
        "other_type": b"\x02text/plain\x00SIP/2.0 200 OK",
        "type_params": b"\x02message/sipfrag;version=2.0\x00SIP/2.0 202 Accepted",
        "status_700": b"\x00SIP/2.0 700 High",
        "status_short": b"\x00SIP/2.0 20",
        "version_3": b"\x00SIP/3.0 200 OK",
        "request_line": b"\x00INVITE sip:a@b SIP/2.0\r\n",
        "control_reason": b"\x00SIP/2.0 200 O\x01K",
        "empty": b"\x00",
        "all_headers_empty": b"\x07\x00\x00\x00SIP/2.0 200 OK",
    },
    ("sip", "via"): {
        "udp_rport": b"SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK776asdhds;rport",
        "received_rport_value": b"SIP/2.0/UDP 10.0.0.1:5060;received=192.0.2.4;rport=5071;branch=z9hG4bKx",
        "ipv6": b"SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bKv6",
        "list": b"SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com:5061;branch=z9hG4bK2",
        "maddr_ttl": b"SIP/2.0/UDP host;branch=z9hG4bK;maddr=224.2.0.1;ttl=16",
        "rfc2543_branch": b"SIP/2.0/UDP host;branch=1234",
        "no_branch": b"SIP/2.0/UDP host:5060",
        "spaces_around_slash": b"SIP / 2.0 / UDP host ; branch = z9hG4bKs",
        "no_transport": b"SIP/2.0 UDP host;branch=z9hG4bK",
        "only_protocol": b"SIP/2.0/UDP",
        "port_overflow": b"SIP/2.0/UDP host:99999;branch=z9hG4bK",
        "ipv6_unclosed": b"SIP/2.0/UDP [::1;branch=z9hG4bK",
        "empty_params": b"SIP/2.0/UDP host;;;",
        "quoted_param": b'SIP/2.0/UDP host;branch=z9hG4bK;x="a,b;c"',
        "trailing_comma": b"SIP/2.0/UDP host;branch=z9hG4bK1,",
        "ws_transport": b"SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKws",
    },
    ("sip", "uri"): {
        "tel_params": b"sip:+15551234567;phone-context=example.com@host;user=phone",
        "password": b"sip:alice:secret@atlanta.com;transport=tcp",
        "sips_headers": b"sips:bob@biloxi.com:5061?subject=project%20x&priority=urgent",
        "escaped_user": b"sip:%61lice%40x@atlanta.com",
        "ipv6_port": b"sip:[2001:db8::10]:5070;lr",
        "empty_user": b"sip:@host",
        "port_overflow": b"sip:host:70000",
        "tel_uri": b"tel:+1-201-555-0123",
        "no_host": b"sip:",
        "bad_escape": b"sip:al%zzice@host",
        "params_no_value": b"sip:host;lr;ob;transport=",
        "angle_brackets": b"<sip:alice@host>",
        "unknown_scheme": b"http://example.com/",
        "ipv6_unclosed": b"sip:[::1:5060",
    },
    ("sip", "receive_path"): {
        "bye_no_dialog": b"\x00" + request("BYE").encode(),
        "max_forwards_zero": b"\x00" + request("OPTIONS", extra=()).replace("Max-Forwards: 70", "Max-Forwards: 0").encode(),
        "register": b"\x00" + request("REGISTER", extra=("Contact: <sip:a@127.0.0.1>", "Expires: 60")).encode(),
        "require_unknown": b"\x00" + invite(extra=("Require: foo",)).encode(),
        "ack_alone": b"\x00" + request("ACK", cseq_method="ACK").encode(),
        "info_tcp": b"\x01" + request("INFO").encode(),
        "invite_then_bye": b"\x00" + (invite(body=SDP) + "\0\0" + request("BYE", cid="a84b4c76e66710@pc33")).encode(),
        "cseq_method_mismatch": b"\x00" + request("OPTIONS", cseq_method="INVITE").encode(),
        "cancel_alone": b"\x00" + request("CANCEL").encode(),
        "bad_request_line": b"\x00" + b"INVITE sip:bob SIP/3.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKq\r\n\r\n",
        "no_via": b"\x00" + b"OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n",
        "provisional_response": b"\x00" + sip("SIP/2.0 180 Ringing", "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKr",
                                             "Call-ID: r", "CSeq: 1 INVITE", "Content-Length: 0").encode(),
        "many_retransmits": b"\x00" + "\0\0".join([request("OPTIONS")] * 5).encode(),
    },
    ("sip", "sdp"): {
        "g722_dtmf_rtcp_mux": sdp_doc("v=0", "o=- 2 2 IN IP4 10.0.0.2", "s=call", "c=IN IP4 10.0.0.2", "t=0 0",
                                      "m=audio 30000 RTP/AVP 9 0 101", "a=rtpmap:9 G722/8000",
                                      "a=rtpmap:101 telephone-event/8000", "a=rtcp-mux", "a=rtcp:30001"),
        "ipv6_sendonly": sdp_doc("v=0", "o=- 3 3 IN IP6 ::1", "s=-", "c=IN IP6 2001:db8::5", "t=0 0",
                                 "m=audio 40002 RTP/AVP 8", "a=sendonly"),
        "no_connection": sdp_doc("v=0", "o=- 4 4 IN IP4 1.2.3.4", "s=-", "t=0 0", "m=audio 4000 RTP/AVP 0"),
        "port_zero": sdp_doc("v=0", "o=- 5 5 IN IP4 1.2.3.4", "s=-", "c=IN IP4 1.2.3.4", "t=0 0",
                             "m=audio 0 RTP/AVP 0", "m=video 0 RTP/AVP 96"),
        "bad_rtpmap": sdp_doc("v=0", "o=- 6 6 IN IP4 1.2.3.4", "s=-", "c=IN IP4 1.2.3.4", "t=0 0",
                              "m=audio 4000 RTP/AVP 96 97", "a=rtpmap:96", "a=rtpmap:97 opus/x/2",
                              "a=fmtp:97 ;;;", "a=ptime:abc"),
        "dynamic_without_rtpmap": sdp_doc("v=0", "o=- 7 7 IN IP4 1.2.3.4", "s=-", "c=IN IP4 1.2.3.4",
                                          "t=0 0", "m=audio 4000 RTP/AVP 96"),
        "bandwidth_and_inactive": sdp_doc("v=0", "o=- 8 8 IN IP4 1.2.3.4", "s=-", "c=IN IP4 1.2.3.4",
                                          "b=AS:64", "t=0 0", "m=audio 4000 RTP/AVP 0 18", "a=inactive",
                                          "a=fmtp:18 annexb=no", "a=maxptime:40"),
        "port_overflow": sdp_doc("v=0", "o=- 9 9 IN IP4 1.2.3.4", "s=-", "c=IN IP4 1.2.3.4", "t=0 0",
                                 "m=audio 99999/2 RTP/AVP 0"),
        "lf_only_blank_lines": "v=0\n\no=- 1 1 IN IP4 h\ns=\nc=IN IP4 h\nt=0 0\nm=audio 1 RTP/AVP 0\n",
        "savp_crypto": sdp_doc("v=0", "o=- 10 10 IN IP4 1.2.3.4", "s=-", "c=IN IP4 1.2.3.4", "t=0 0",
                               "m=audio 4000 RTP/SAVP 0",
                               "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32"),
        "no_version": sdp_doc("o=- 1 1 IN IP4 h", "s=-", "t=0 0", "m=audio 1 RTP/AVP 0"),
        "multicast_ttl": sdp_doc("v=0", "o=- 1 1 IN IP4 h", "s=-", "c=IN IP4 224.2.1.1/127/3", "t=0 0",
                                 "m=audio 4000 RTP/AVP 0"),
    },
    ("sip", "digest_challenge"): {
        "sha256_userhash": b'Digest realm="example.com", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
                           b'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", algorithm=SHA-256, '
                           b'qop="auth, auth-int", charset=UTF-8, userhash=true',
        "unquoted": b"Digest realm=atlanta.com, nonce=84a4cc6f, algorithm=MD5, stale=TRUE",
        "duplicate_params": b'Digest realm="a", realm="b", nonce="1", nonce="2"',
        "escaped_quotes": b'Digest realm="a\\"b\\\\c", nonce="x\\"y"',
        "missing_realm": b'Digest nonce="abc", qop="auth"',
        "unterminated_quote": b'Digest realm="atlanta.com, nonce="abc',
        "empty": b"",
        "scheme_only": b"Digest",
        "credentials_full": b'Digest username="alice", realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e", '
                            b'uri="sip:bob@biloxi.com", response="7587245234b3434cc3412213e5f113a5", '
                            b'algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", '
                            b'qop=auth, nc=00000001',
        "nc_not_hex": b'Digest username="a", realm="r", nonce="n", uri="sip:x", response="r", qop=auth, nc=zz, cnonce="c"',
        "unknown_algorithm": b'Digest realm="r", nonce="n", algorithm=SHA-512-256-sess, qop="auth-int"',
        "trailing_comma_spaces": b'Digest   realm = "r" ,  nonce = "n" , ',
    },
    ("rtp", "rtp_packet"): {
        "padding_too_big": rtp(p=1, payload=b"\x00" * 4, pad=b"\x00\x00\x00\x40"),
        "padding_zero_count": rtp(p=1, payload=b"\xff" * 8, pad=b"\x00"),
        "ext_length_overflow": rtp(x=1, ext=b"\xbe\xde\xff\xff", payload=b"\xff" * 4),
        "ext_one_byte": rtp(x=1, ext=b"\xbe\xde\x00\x01\x10\xab\x00\x00", payload=b"\xff" * 160),
        "cc15_short": rtp(cc=15, csrcs=b"\x01\x02\x03\x04" * 3, payload=b""),
        "cc15_full": rtp(cc=15, csrcs=struct.pack("!15I", *range(15)), payload=b"\xd5" * 160),
        "version1": rtp(version=1),
        "version0_stun_like": b"\x00\x01\x00\x08\x21\x12\xa4\x42" + b"\x00" * 12,
        "header_only": rtp(payload=b""),
        "g722": rtp(pt=9, payload=b"\x55" * 160),
        "te_marker": rtp(pt=101, marker=1, payload=te(0, 5, 0, 10, 160)[1:]),
        "rtcp_pt_range": rtp(pt=72, payload=b"\x00" * 8),
        "eleven_bytes": rtp()[:11],
        "max_seq_ts": rtp(seq=65535, ts=0xFFFFFFFF, ssrc=0xFFFFFFFF),
    },
    ("rtp", "rtcp"): {
        "sr_sdes_bye_reason": rtcp_sr(7) + rtcp_sdes(7) + rtcp_bye(7, b"teardown"),
        "rr_two_blocks": rtcp_rr(3, blocks=2),
        "rr_length_too_long": rtcp_rr(3, length=40),
        "rr_length_zero": rtcp_rr(3, length=0),
        "sdes_unterminated": struct.pack("!BBH", 0x81, 202, 3) + struct.pack("!I", 1) + b"\x01\x20abcd",
        "bye_many_ssrcs_short": struct.pack("!BBH", 0x9f, 203, 2) + b"\0" * 8,
        "app": struct.pack("!BBH", 0x80, 204, 3) + struct.pack("!I", 1) + b"NAME" + b"data",
        "rtpfb_nack": struct.pack("!BBH", 0x81, 205, 3) + struct.pack("!III", 1, 2, 0x00010000),
        "psfb_pli": struct.pack("!BBH", 0x81, 206, 2) + struct.pack("!II", 1, 2),
        "xr": struct.pack("!BBH", 0x80, 207, 1) + struct.pack("!I", 9),
        "padding_bit": struct.pack("!BBH", 0xa0, 201, 2) + struct.pack("!I", 1) + b"\0\0\0\x04",
        "version1": struct.pack("!BBH", 0x40, 201, 1) + struct.pack("!I", 1),
        "compound_rr_first_then_garbage": rtcp_rr(5) + b"\xde\xad\xbe\xef",
    },
    ("api", "json_body"): {
        "nested_deep_arrays": b"[" * 200 + b"]" * 200,
        "unicode_escapes": b'{"name":"\\u00e9\\ud83d\\ude00\\u0000","phone":"+15551234567"}',
        "lone_surrogate": b'{"name":"\\ud800","phone":"+1555"}',
        "huge_numbers": b'{"max_concurrent":1e400,"calls_per_minute":-9223372036854775809,"lead_id":18446744073709551616}',
        "duplicate_keys": b'{"to":"+15551001","to":"sip:a@b","to":null}',
        "wrong_types": b'{"to":123,"agent":"x","lead_id":"7","campaign_id":[1]}',
        "lead_timezone": b'{"name":"Ada","phone":"+44 20 7946 0000","timezone":"Europe/London","status":"new","email":"a@b.c"}',
        "lead_bad_timezone": b'{"name":"Ada","phone":"+442079460000","timezone":"Mars/Olympus"}',
        "campaign_dialing": b'{"name":"c","dialing":{"max_concurrent":2,"calls_per_minute":10,"max_attempts":3,'
                            b'"retry_after_s":{"busy":60,"no_answer":-1},"calling_hours":{"from":"25:00","to":"09:xx","days":[0,8]},'
                            b'"lines":["a",""]},"extraction_schema":[{"name":"x","type":"date"},{"type":"blob"}]}',
        "webhook": b'{"url":"http://127.0.0.1:1/hook","secret":"s","events":["call.ended","nope"]}',
        "transfer": b'{"to":"+15550000","mode":"warm"}',
        "trailing_garbage": b'{"username":"a","password":"b"} x',
        "empty": b"",
        "not_object": b'"just a string"',
        "nul_inside": b'{"username":"a\x00b","password":"p"}',
        "agent_full": b'{"to":"+15551001","agent":{"system_prompt":"","voice":"Kore","language":"xx-YY","greeting":"' + b"a" * 3000 + b'","provider":"openai"}}',
    },
    ("api", "csv"): {
        "crlf_bom_quoted_newline": b'\xef\xbb\xbfname,phone\r\n"Ada\r\nLovelace","+15550001"\r\n',
        "embedded_quotes": b'name,phone,company\n"He said ""hi""",+15550002,"A, B"\n',
        "empty_lines": b"name,phone\n\n\n,\nBob,+15550003\n\n",
        "header_only": b"name,phone,email,company,status\n",
        "many_columns": (",".join("c%d" % i for i in range(100)) + "\n" + ",".join("v" for _ in range(100)) + "\n").encode(),
        "unknown_columns": b"foo,bar\n1,2\n",
        "quote_in_unquoted": b'name,phone\nAd"a,+15550004\n',
        "tab_separated": b"name\tphone\nAda\t+15550005\n",
        "no_final_newline": b"name,phone\nAda,+15550006",
        "bad_status_timezone": b"name,phone,status,timezone\nAda,+15550007,weird,Mars/Base\n",
        "only_quotes": b'""""""\n"\n',
        "long_field": b"name,phone\n" + b"x" * 5000 + b",+15550008\n",
    },
    ("ai", "live_message"): {
        "output_transcription": b'{"serverContent":{"outputTranscription":{"text":"Hello"}}}',
        "input_transcription_finished": b'{"serverContent":{"inputTranscription":{"text":"hi","finished":true}}}',
        "interrupted": b'{"serverContent":{"interrupted":true}}',
        "generation_complete": b'{"serverContent":{"generationComplete":true,"turnComplete":true}}',
        "usage": b'{"usageMetadata":{"promptTokenCount":10,"responseTokenCount":20,"totalTokenCount":30,'
                 b'"responseTokensDetails":[{"modality":"AUDIO","tokenCount":20}]}}',
        "tool_call_cancellation": b'{"toolCallCancellation":{"ids":["a","b"]}}',
        "go_away_time_left": b'{"goAway":{"timeLeft":"49.5s"}}',
        "resumption_update": b'{"sessionResumptionUpdate":{"newHandle":"h-1","resumable":true}}',
        "bad_base64": b'{"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"!!!="}}]}}}',
        "odd_length_audio": b'{"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"AAE="}}]}}}',
        "rate_missing": b'{"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm","data":"AAAA"}}]}}}',
        "client_audio": b'{"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAAAA=="}}}',
        "client_activity": b'{"realtimeInput":{"activityStart":{}}}',
        "client_text": b'{"realtimeInput":{"text":"123#"}}',
        "client_tool_response": b'{"toolResponse":{"functionResponses":[{"id":"a","name":"f","response":{"ok":true}}]}}',
        "wrong_types": b'{"serverContent":{"modelTurn":{"parts":"x"},"interrupted":"yes"},"setupComplete":[]}',
        "empty_object": b"{}",
        "truncated": b'{"serverContent":{"modelTurn":{"parts":[{"text":"he',
        "resumption_not_resumable": b'{"sessionResumptionUpdate":{"newHandle":"","resumable":false}}',
        "client_tool_response_silent": b'{"toolResponse":{"functionResponses":[{"id":"a","name":"end_call",'
                                       b'"response":{"output":{}},"scheduling":"SILENT"}]}}',
        "client_setup_deep_unknown": b'{"setup":{"model":"models/m","tools":[{"functionDeclarations":[{"name":"f",'
                                     b'"parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING",'
                                     b'"additionalProperties":false}}}}]}]}}',
    },
    ("ai", "tts_message"): {
        "resource_exhausted": b'{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",'
                              b'"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}}',
        "safety_no_parts": b'{"candidates":[{"finishReason":"SAFETY","content":{"parts":[]}}]}',
        "no_candidates": b'{"candidates":[]}',
        "l16_rate_8000": b'{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"audio/L16;codec=pcm;rate=8000","data":"AAABAAIA"}}]}}]}',
        "odd_bytes": b'{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"audio/L16;rate=24000","data":"AAE"}}]}}]}',
        "rate_zero": b'{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"audio/L16;rate=0","data":"AAAA"}}]}}]}',
        "wav_truncated": b'{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"audio/wav","data":"UklGRiQAAABXQVZF"}}]}}]}',
        "wav_extensible": b'{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"audio/wav","data":"UklGRkAAAABXQVZFZm10ICgAAAD+/wEAwF0AAIC7AAACABAAFgAQAAQAAAABAAAAAAAQAIAAAKoAOJtxZGF0YQQAAAAFAAYA"}}]}}]}',
        "unknown_mime": b'{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"audio/mpeg","data":"SUQz"}}]}}]}',
        "error_not_json": b"<html>502 Bad Gateway</html>",
        "error_wrong_types": b'{"error":{"code":"x","message":5}}',
        "two_parts": b'{"candidates":[{"content":{"parts":[{"text":"a"},{"inlineData":{"mimeType":"audio/L16;rate=24000","data":"AAAA"}}]}}]}',
    },
}

MESSAGES = {
    "compact_headers": sip("INVITE sip:bob@h SIP/2.0", "v: SIP/2.0/UDP h;branch=z9hG4bKc", "f: <sip:a@h>;tag=1",
                           "t: <sip:bob@h>", "i: compact@h", "m: <sip:a@h>", "c: application/sdp",
                           "k: timer", "l: %d" % len(SDP), "CSeq: 1 INVITE", body=SDP),
    "multi_via_response": sip("SIP/2.0 486 Busy Here", "Via: SIP/2.0/UDP p1;branch=z9hG4bK1",
                              "Via: SIP/2.0/UDP p2;branch=z9hG4bK2, SIP/2.0/TCP p3;branch=z9hG4bK3",
                              "Call-ID: b", "CSeq: 1 INVITE", "From: <sip:a@h>;tag=1", "To: <sip:b@h>;tag=2",
                              "Content-Length: 0"),
    "cl_longer_than_body": invite(body="v=0\r\n", cl=500),
    "missing_cseq": "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKm\r\nCall-ID: m\r\n\r\n",
    "cseq_overflow": request("OPTIONS").replace("CSeq: 1 OPTIONS", "CSeq: 4294967296 OPTIONS"),
    "session_expires_require": invite(extra=("Session-Expires: 1800;refresher=uac", "Min-SE: 90",
                                             "Supported: timer", "Require: timer")),
    "status_999": sip("SIP/2.0 999 Nine", "Via: SIP/2.0/UDP h;branch=z9hG4bKn", "Call-ID: n", "CSeq: 1 BYE"),
    "status_99": sip("SIP/2.0 099 Low", "Via: SIP/2.0/UDP h;branch=z9hG4bKn", "Call-ID: n", "CSeq: 1 BYE"),
    "header_no_colon": request("OPTIONS", extra=("This line has no colon",)),
    "refer_replaces": request("REFER", extra=("Refer-To: <sip:c@h?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>",
                                              "Referred-By: <sip:a@h>")),
}


def main():
    n = 0
    for (module, target), seeds in SEEDS.items():
        out = os.path.join(HERE, module, "corpus", target)
        os.makedirs(out, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(out, "hand-" + name), "wb") as f:
                f.write(data.encode() if isinstance(data, str) else data)
            n += 1
    out = os.path.join(HERE, "sip", "corpus", "message")
    for name, text in MESSAGES.items():
        with open(os.path.join(out, "hand-" + name + ".sip"), "wb") as f:
            f.write(text.encode())
        n += 1
    print("wrote %d hand-made seeds" % n)


if __name__ == "__main__":
    main()
