import { z } from 'zod';
import { IsoTimestamp } from './common';
import { DecisionType, RuleKind, Severity } from './decision';

export const RuleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _ . - (max 64)');

export const PolicyRule = z.strictObject({
  id: RuleId,
  /** redline -> blocked; threshold and anomaly -> needs_review. */
  kind: RuleKind,
  applies_to: z.array(DecisionType).min(1),
  /** A CEL expression over `inputs`, `signals` and `decision_type` that is true when the rule hits. */
  expression: z.string().min(1).max(4000),
  code: z.string().regex(/^[a-z0-9_]{1,64}$/, 'snake_case code'),
  severity: Severity,
  message: z.string().min(1).max(500),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

export const PolicyDocument = z.strictObject({
  name: z.string().min(1).max(128),
  description: z.string().max(2000).optional(),
  rules: z.array(PolicyRule).min(1).max(500),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const PolicyVersionView = z.object({
  version: z.number().int(),
  hash: z.string(),
  name: z.string(),
  author: z.string(),
  created_at: IsoTimestamp,
  active: z.boolean(),
  rule_count: z.number().int(),
  document: PolicyDocument,
});
export type PolicyVersionView = z.infer<typeof PolicyVersionView>;

export const PolicyList = z.object({
  active_version: z.number().int().nullable(),
  items: z.array(PolicyVersionView),
});
export type PolicyList = z.infer<typeof PolicyList>;

export const UploadPolicyResult = PolicyVersionView.extend({ created: z.boolean() });
export type UploadPolicyResult = z.infer<typeof UploadPolicyResult>;

export const PolicyVersionRef = z.strictObject({ version: z.coerce.number().int().min(1) });

export const ActivatePolicyInput = z.strictObject({
  version: z.coerce.number().int().min(1),
  reason: z.string().trim().min(3, 'say why this version goes live').max(2000),
});
export type ActivatePolicyInput = z.infer<typeof ActivatePolicyInput>;

/** One rule that failed validation: which, and the parser's or checker's words. */
export const RuleError = z.object({ rule_id: z.string(), message: z.string() });
export type RuleError = z.infer<typeof RuleError>;
