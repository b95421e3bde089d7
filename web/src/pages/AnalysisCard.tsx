// A call's post-call analysis: pending while the queue works on it, then the summary, the
// disposition, the callback time and the extracted fields, or why it failed; "Analyse again"
// queues it anew (POST /api/calls/{id}/analyze).
import { useState } from 'react';
import { api, errorText, type CallAnalysis } from '../api';
import { formatTime, humanize } from '../format';
import { Badge, ErrorBox } from '../ui';

export function fieldText(v: string | number | boolean | null): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

export function AnalysisCard(props: {
  callId: number;
  analysis: CallAnalysis | null | undefined;
  ended: boolean;
  onQueued: (a: CallAnalysis) => void;
}) {
  const { analysis, ended } = props;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!analysis && !ended) return null;

  const again = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.analyze(props.callId);
      props.onQueued(r.analysis);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const fields = analysis ? Object.entries(analysis.fields) : [];

  return (
    <div className="card" aria-labelledby="analysis-title">
      <div className="page-head">
        <h2 id="analysis-title">
          Analysis <Badge value={analysis?.status ?? 'none'} />
        </h2>
        {ended && analysis?.status !== 'pending' && (
          <button type="button" onClick={again} disabled={busy}>
            {analysis ? 'Analyse again' : 'Analyse'}
          </button>
        )}
      </div>
      <ErrorBox error={error} />
      {!analysis && <p>This call has not been analysed.</p>}
      {analysis?.status === 'pending' && (
        <p role="status">
          Analysing the conversation…
          {analysis.error ? ` (last try: ${analysis.error})` : ''}
        </p>
      )}
      {analysis?.status === 'failed' && (
        <p className="error" role="alert">
          The analysis failed: {analysis.error}
        </p>
      )}
      {analysis?.status === 'done' && (
        <dl className="facts" data-testid="analysis">
          <dt>Disposition</dt>
          <dd>
            <Badge value={analysis.disposition} />
          </dd>
          <dt>Summary</dt>
          <dd data-testid="analysis-summary">{analysis.summary}</dd>
          {analysis.callback_at != null && (
            <>
              <dt>Call back</dt>
              <dd>{formatTime(analysis.callback_at)}</dd>
            </>
          )}
          {fields.map(([name, value]) => (
            <FieldRow key={name} name={name} value={value} />
          ))}
        </dl>
      )}
    </div>
  );
}

function FieldRow({ name, value }: { name: string; value: string | number | boolean | null }) {
  return (
    <>
      <dt>{humanize(name)}</dt>
      <dd className="mono">{fieldText(value)}</dd>
    </>
  );
}
