import { ExportAuditParams } from '../../../../../shared/schemas/audit-export';
import { auditExportChunks, describeFilter, exportFileName, exportFilterFor } from '../audit-export';
import { defineAction } from './action';

export const exportAudit = defineAction({
  id: 'export-audit',
  title: 'Export the audit trail for compliance',
  description:
    "Write the workspace's audit trail (all of it, one task's, some event types or a time range) as JSON lines or CSV into the exports folder of the engine's data dir, streamed page by page, and say which file. The download is GET /api/audit/export or `decisionos export`. Nothing to undo.",
  // What it writes is what the key may read anyway; operate because it writes a file on the engine's host.
  scope: 'operate',
  params: ExportAuditParams,
  async preview(ctx, params) {
    // The range is pinned to end now, so events written after the preview are not in the file and the count holds.
    const until = params.until ?? new Date(ctx.deps.clock.now()).toISOString();
    const filter = exportFilterFor(ctx.caller, { ...params, until });
    const rows = await ctx.deps.store.countAuditExport(filter);
    const what = Object.entries(describeFilter(filter)).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : v}`).join(', ');
    return {
      summary: `Write ${rows} audit event(s) (${what}) as ${params.format.toUpperCase()} to a new file in ${ctx.exports.dir}.`,
      touches: { counts: { rows, files: 1 }, ids: ['audit-trail'], total: 1 },
      destructive: false,
      confirm: null,
      params: { ...params, until },
    };
  },
  async run(ctx, _params, preview, progress) {
    const params = ExportAuditParams.parse(preview.params);
    const filter = exportFilterFor(ctx.caller, params);
    const total = preview.touches.counts.rows ?? 0;
    let rows = 0;
    const name = exportFileName(ctx.caller.workspaceId, ctx.deps.clock.now(), params.format);
    const chunks = auditExportChunks(ctx.deps, ctx.caller, filter, params.format, 'export-audit action', (n) => {
      rows = n;
      progress(Math.min(n, total), total);
    });
    const file = await ctx.exports.write(name, chunks);
    progress(total, total);
    return { summary: `Wrote ${rows} audit event(s) to ${file.path} (${file.bytes} bytes).`, counts: { rows, files: 1 }, undo: null };
  },
});
