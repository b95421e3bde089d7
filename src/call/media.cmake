# The call's media bridge (CallMedia): RTP <-> codecs <-> AI session, greeting, recorder tap.
set(CALL_MEDIA_SOURCES call_media.cc call_media_errc.cc call_media_remote.cc
    call_media_recording.cc audio_uplink.cc audio_downlink.cc)
