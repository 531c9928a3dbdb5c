import type { Check } from './check';

export const databaseIntegrity: Check = {
  id: 'database-integrity',
  title: 'Database integrity check',
  heavy: true,
  async run({ store }) {
    const report = await store.integrityCheck();
    if (!report.checked) return { status: 'pass', summary: `Not applicable: ${report.detail}.`, numbers: { checked: 'no', problems: null } };
    return {
      status: report.ok ? 'pass' : 'fail',
      summary: report.ok ? `No damage found (${report.detail}).` : `${report.problems} problem(s) found: ${report.detail}.`,
      numbers: { checked: 'yes', problems: report.problems },
    };
  },
};
