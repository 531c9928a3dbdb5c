/**
 * RUNBOOK.md's prose as a person reads it: paragraphs (split on blank lines) and `code` spans. Written by hand
 * because that is all the incidents use; anything else shows as the Markdown text it is.
 */
export function proseParagraphs(markdown: string): string[][] {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '')
    // Split on backticks: odd pieces were inside a code span.
    .map((p) => p.split('`'));
}

export function Prose({ markdown }: { markdown: string }) {
  return (
    <div className="prose">
      {proseParagraphs(markdown).map((pieces, i) => (
        <p key={i}>{pieces.map((piece, j) => (j % 2 === 1 ? <code key={j}>{piece}</code> : piece))}</p>
      ))}
    </div>
  );
}
