export const ENGINE_OUT: string;
export function buildEngine(): Promise<void>;
