// One call: live (state, timer, transcript as it streams, hang up, media facts) while it
// runs, then its record (transcript, recording, outcome).
import { useEffect, useRef, useState } from 'react';
import { api, errorText, type CallRecord, type TranscriptLine } from '../api';
import { useSession } from '../App';
import { callDuration, formatDuration, formatSsrc, formatTime, humanize } from '../format';
import { mergeTranscript } from '../live';
import { Link } from '../router';
import { Badge, Empty, ErrorBox, Loading } from '../ui';
import { formatCost } from '../usage';
import { AnalysisCard } from './AnalysisCard';
import { useNow } from './useNow';

export function CallDetailPage({ id }: { id: number }) {
  const { live } = useSession();
  const lc = live[id];
  const [rec, setRec] = useState<CallRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  // `progress`: a notice about the live call ("Hanging up…") that goes once the call has ended.
  const [notice, setNotice] = useState<{ text: string; progress: boolean } | null>(null);
  const now = useNow();
  const endRef = useRef<HTMLLIElement>(null);
  const liveStatus = lc?.status;

  useEffect(() => {
    api.call(id).then(
      (c) => {
        setRec(c);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [id, liveStatus]);

  // While the analysis is pending, look again every 2 s (it takes seconds, then stops).
  const pending = rec?.analysis?.status === 'pending';
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => {
      api.call(id).then(setRec, () => undefined);
    }, 2000);
    return () => clearInterval(t);
  }, [id, pending]);

  const transcript: TranscriptLine[] = mergeTranscript(rec?.transcript ?? [], lc?.transcript ?? []);
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [transcript.length]);

  if (error && !rec) {
    return (
      <section>
        <h1>Call #{id}</h1>
        <ErrorBox error={error} />
        <Link to="/calls">Back to calls</Link>
      </section>
    );
  }
  if (!rec) return <Loading />;

  const status = lc?.status ?? rec.status;
  const media = lc?.media ?? rec.media;
  const answered = lc?.answered_at ?? (rec.answered_at || null);
  const ended = lc?.ended_at ?? (rec.ended_at || null);
  const isLive = status !== 'ended';
  const hangup = async () => {
    setNotice(null);
    try {
      await api.hangup(id);
      setNotice({ text: 'Hanging up…', progress: true });
    } catch (e) {
      setNotice({ text: errorText(e), progress: false });
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>
          Call #{id} <Badge value={status} />
        </h1>
        {isLive && (
          <button type="button" className="danger" onClick={hangup}>
            Hang up
          </button>
        )}
      </div>
      {notice && !(notice.progress && !isLive) && (
        <div className="notice" role="status">
          {notice.text}
        </div>
      )}
      <div className="grid2">
        <div className="card">
          <h2>Call</h2>
          <dl className="facts">
            <dt>Number</dt>
            <dd className="mono">{rec.direction === 'inbound' ? rec.from : rec.to}</dd>
            <dt>Direction</dt>
            <dd>{humanize(rec.direction)}</dd>
            <dt>Started</dt>
            <dd>{formatTime(rec.created_at)}</dd>
            <dt>{isLive ? 'Talking for' : 'Duration'}</dt>
            <dd className="mono" aria-live="off">
              {formatDuration(callDuration(answered, ended, now))}
            </dd>
            <dt>Outcome</dt>
            <dd>{humanize(rec.outcome)}</dd>
            <dt>End reason</dt>
            <dd>{humanize(lc?.end_reason ?? rec.end_reason)}</dd>
            <dt>Greeting latency</dt>
            <dd>
              {(lc?.greeting_latency_ms ?? rec.greeting_latency_ms) != null
                ? `${lc?.greeting_latency_ms ?? rec.greeting_latency_ms} ms`
                : '—'}
            </dd>
            <dt>AI tokens in / out</dt>
            <dd className="mono">
              {rec.usage ? `${rec.usage.input_tokens} / ${rec.usage.output_tokens}` : '—'}
            </dd>
            <dt>Estimated cost</dt>
            <dd className="mono">{rec.usage ? formatCost(rec.usage.cost) : '—'}</dd>
            {rec.voicemail ? (
              <>
                <dt>Answering machine</dt>
                <dd>
                  {humanize(rec.voicemail.verdict)} ({humanize(rec.voicemail.cause)}
                  {rec.voicemail.ms != null ? `, after ${rec.voicemail.ms} ms` : ''})
                </dd>
              </>
            ) : null}
          </dl>
        </div>
        <div className="card">
          <h2>Media</h2>
          <dl className="facts">
            <dt>Local RTP port</dt>
            <dd className="mono">{media.local_rtp_port || '—'}</dd>
            <dt>Remote address</dt>
            <dd className="mono">{media.remote_rtp || '—'}</dd>
            <dt>SSRC in / out</dt>
            <dd className="mono">
              {formatSsrc(media.ssrc_in)} / {formatSsrc(media.ssrc_out)}
            </dd>
            <dt>Key fingerprint</dt>
            <dd className="mono">{media.key_fingerprint || '—'}</dd>
            <dt>Packets in / out</dt>
            <dd className="mono">
              {media.packets_in} / {media.packets_out}
            </dd>
            <dt>Foreign packets dropped</dt>
            <dd className="mono">{media.packets_dropped_foreign}</dd>
          </dl>
        </div>
      </div>
      <div className="card">
        <h2 id="transcript-title">Transcript</h2>
        {transcript.length === 0 ? (
          <Empty>{isLive ? 'Waiting for the first words…' : 'No transcript for this call.'}</Empty>
        ) : (
          <ol className="transcript" aria-labelledby="transcript-title" aria-live="polite">
            {transcript.map((l, i) => (
              <li key={i} className={`who-${l.who}`}>
                <span className="speaker">{humanize(l.who)}</span>
                <span>{l.text}</span>
              </li>
            ))}
            <li ref={endRef} aria-hidden="true" className="end" />
          </ol>
        )}
      </div>
      <AnalysisCard
        callId={id}
        analysis={rec.analysis}
        ended={!isLive}
        onQueued={(a) => setRec({ ...rec, analysis: a })}
      />
      {rec.recording_url && !isLive && (
        <div className="card">
          <h2>Recording</h2>
          <audio controls preload="none" src={rec.recording_url}>
            <a href={rec.recording_url}>Download the recording</a>
          </audio>
        </div>
      )}
    </section>
  );
}
