import { inElectron } from '../api/transport';
import { toast } from '../stores/toasts';

/** "Copy as curl": the API call that returns what the screen shows, for the runbook or a ticket. */
export function CopyCurl({ path }: { path: string }) {
  const origin = inElectron ? 'http://127.0.0.1:8080' : window.location.origin;
  const command = `curl -s -H "Authorization: Bearer $KEY" '${origin}${path}'`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      toast({ kind: 'success', message: 'Copied the curl command (set KEY to your API key).' });
    } catch {
      toast({ kind: 'info', message: command });
    }
  };
  return <button onClick={() => void copy()} title={command}>Copy as curl</button>;
}
