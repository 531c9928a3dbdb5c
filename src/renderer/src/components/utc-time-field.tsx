import { useEffect, useId, useState } from 'react';
import { formatUtcText, parseUtcText } from './utc-time-text';

/**
 * One text field for a UTC time (one tab stop, unlike `datetime-local`'s separate parts). Applies on Enter or
 * when focus leaves; bad text stays in the field with a message and changes nothing.
 */
export function UtcTimeField({ label, value, onApply }: { label: string; value: string | undefined; onApply(iso: string | null): void }) {
  const [text, setText] = useState(() => formatUtcText(value));
  const [error, setError] = useState<string | null>(null);
  const messageId = useId();
  // Follows the URL when it changes elsewhere (Clear filters, Back), without remounting the focused input.
  useEffect(() => {
    setText(formatUtcText(value));
    setError(null);
  }, [value]);
  const apply = () => {
    const parsed = parseUtcText(text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    if (parsed.iso !== (value ?? null)) onApply(parsed.iso);
  };
  return (
    <label className="utc-field">
      {label} (UTC){' '}
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
        placeholder="YYYY-MM-DD HH:MM"
        size={17}
        aria-invalid={error !== null}
        aria-describedby={error ? messageId : undefined}
      />
      {error ? <span id={messageId} className="field-error" role="alert">{error}</span> : null}
    </label>
  );
}
