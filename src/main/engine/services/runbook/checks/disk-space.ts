import type { Check } from './check';

const GB = 1_073_741_824;
/** A data dir with less than this left is warned about; less than the fail line stops writes soon. */
export const DISK_FREE_WARN_BYTES = 2 * GB;
export const DISK_FREE_FAIL_BYTES = 512 * 1_048_576;
export const DISK_FREE_WARN_RATIO = 0.1;
export const DISK_FREE_FAIL_RATIO = 0.05;

export const diskSpace: Check = {
  id: 'disk-space',
  title: 'Free disk in the data dir',
  async run({ diskSpace: measure, dataDir }) {
    const { freeBytes, totalBytes } = await measure(dataDir);
    const ratio = totalBytes > 0 ? freeBytes / totalBytes : 0;
    const freeGb = Math.round((freeBytes / GB) * 100) / 100;
    const percent = Math.round(ratio * 1000) / 10;
    const status = freeBytes < DISK_FREE_FAIL_BYTES || ratio < DISK_FREE_FAIL_RATIO ? 'fail' : freeBytes < DISK_FREE_WARN_BYTES || ratio < DISK_FREE_WARN_RATIO ? 'warn' : 'pass';
    return {
      status,
      summary: `${freeGb} GB (${percent} %) free on the disk of ${dataDir} (warn under ${DISK_FREE_WARN_BYTES / GB} GB or ${DISK_FREE_WARN_RATIO * 100} %, fail under ${DISK_FREE_FAIL_BYTES / 1_048_576} MB or ${DISK_FREE_FAIL_RATIO * 100} %).`,
      numbers: { free_gb: freeGb, free_percent: percent, total_gb: Math.round((totalBytes / GB) * 100) / 100 },
    };
  },
};
