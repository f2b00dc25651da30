import { Column, type ValueTransformer } from 'typeorm';

/**
 * Dates are stored as ISO-8601 UTC text (`2026-01-01T00:00:00.000Z`): identical on SQLite and PostgreSQL,
 * milliseconds kept, and text order is time order, so range queries compare strings.
 */
const ISO_DATE_LENGTH = 30;

export const toIsoText = (date: Date): string => date.toISOString();

/** A stored date read as a raw value (a query that skips the entity's transformer). */
export const dateOrNull = (value: string | null): Date | null => (value === null ? null : new Date(value));

const isoDateTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? toIsoText(value) : value),
  from: dateOrNull,
};

export function IsoDateColumn(name: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return Column({
    name,
    type: 'varchar',
    length: ISO_DATE_LENGTH,
    nullable: options.nullable ?? false,
    transformer: isoDateTransformer,
  });
}
