// Segment rules (schema: proto/schemas/segment-rules.json) evaluated against one customer's facts
// from the directory. Pure; the caller validates rules against the schema before they get here.

export interface CustomerFacts {
  customerType: string;
  status: string;
  /** The part of the email after @, lower case. */
  emailDomain: string;
  emailVerified: boolean;
  phoneVerified: boolean;
  marketingEmailOptIn: boolean;
  groupIds: string[];
  defaultShippingCountry: string | null;
  createdAt: string;
  lastOrderAt: string | null;
  orderCount: number;
  totalSpentMinor: Record<string, number>;
}

export type ValueCondition =
  | { field: 'customerType' | 'status' | 'emailDomain' | 'defaultShippingCountry'; op: 'eq' | 'neq' | 'in' | 'nin'; value: string | string[] }
  | { field: 'emailVerified' | 'phoneVerified' | 'marketingEmailOptIn'; op: 'eq'; value: boolean }
  | { field: 'groupIds'; op: 'contains' | 'not_contains'; value: string }
  | { field: 'orderCount'; op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  | { field: 'totalSpentMinor'; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number; currency: string }
  | { field: 'createdAt' | 'lastOrderAt'; op: 'within_days' | 'older_than_days'; value: number };
export type PresenceCondition = { field: 'lastOrderAt' | 'defaultShippingCountry'; op: 'exists' | 'not_exists' };
export type Condition = ValueCondition | PresenceCondition;

const isPresence = (condition: Condition): condition is PresenceCondition => condition.op === 'exists' || condition.op === 'not_exists';

export type RuleGroup = { all: Rule[] } | { any: Rule[] };
export type Rule = RuleGroup | Condition;

const DAY_MS = 86_400_000;

function compare(actual: number, op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte', expected: number): boolean {
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'neq':
      return actual !== expected;
    case 'gt':
      return actual > expected;
    case 'gte':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'lte':
      return actual <= expected;
  }
}

function holds(condition: Condition, facts: CustomerFacts, now: Date): boolean {
  if (isPresence(condition)) return (facts[condition.field] !== null) === (condition.op === 'exists');
  return holdsValue(condition, facts, now);
}

function holdsValue(condition: ValueCondition, facts: CustomerFacts, now: Date): boolean {
  switch (condition.field) {
    case 'customerType':
    case 'status':
    case 'emailDomain':
    case 'defaultShippingCountry': {
      const actual = facts[condition.field];
      const values = Array.isArray(condition.value) ? condition.value : [condition.value];
      const found = actual !== null && values.includes(actual);
      return condition.op === 'eq' || condition.op === 'in' ? found : !found;
    }
    case 'emailVerified':
    case 'phoneVerified':
    case 'marketingEmailOptIn':
      return facts[condition.field] === condition.value;
    case 'groupIds':
      return facts.groupIds.includes(condition.value) === (condition.op === 'contains');
    case 'orderCount':
      return compare(facts.orderCount, condition.op, condition.value);
    case 'totalSpentMinor':
      return compare(facts.totalSpentMinor[condition.currency] ?? 0, condition.op, condition.value);
    case 'createdAt':
    case 'lastOrderAt': {
      const at = facts[condition.field];
      // No order at all is neither recent nor old.
      if (at === null) return false;
      const ageMs = now.getTime() - Date.parse(at);
      return condition.op === 'within_days' ? ageMs <= condition.value * DAY_MS : ageMs > condition.value * DAY_MS;
    }
  }
}

export function matches(rule: Rule, facts: CustomerFacts, now: Date): boolean {
  if ('all' in rule) return rule.all.every((r) => matches(r, facts, now));
  if ('any' in rule) return rule.any.some((r) => matches(r, facts, now));
  return holds(rule, facts, now);
}
