import { useEffect, useState } from 'react';

/** A text filter that applies on Enter or when focus leaves, and follows the URL when it changes elsewhere (Clear filters, Back). */
export function FilterTextField({ label, value, size, onApply }: { label: string; value: string | undefined; size: number; onApply(text: string): void }) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const apply = () => {
    if (text.trim() !== (value ?? '')) onApply(text.trim());
  };
  return (
    <label>
      {label}{' '}
      <input value={text} onChange={(e) => setText(e.target.value)} onBlur={apply} onKeyDown={(e) => e.key === 'Enter' && apply()} size={size} />
    </label>
  );
}
