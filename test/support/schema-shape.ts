/**
 * Two descriptions of the same database in one shape: what schema.prisma declares (read
 * through Prisma's own schema engine, compiled to WASM so it runs offline) and what the
 * migrated PostgreSQL database holds (read from its catalog).
 */
import { readFileSync } from 'node:fs';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type { Client } from 'pg';
import { projectPath } from '../../platform/project-root';

export interface SchemaShape {
  enums: Record<string, string[]>;
  tables: Record<
    string,
    {
      columns: Record<string, { type: string; nullable: boolean; hasDefault: boolean }>;
      indexes: Record<string, { columns: string[]; unique: boolean; primary: boolean }>;
      foreignKeys: Record<string, { columns: string[]; references: string; referencedColumns: string[]; onDelete: string }>;
    }
  >;
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  isRequired: boolean;
  isList: boolean;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName?: string | null;
  fields: DmmfField[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; dbName?: string | null; fields: { name: string }[] }[];
  };
}

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

function nativeTypeName([name, args]: [string, string[]]): string {
  switch (name) {
    case 'Uuid':
      return 'uuid';
    case 'Date':
      return 'date';
    case 'Text':
      return 'text';
    case 'Timestamptz':
      return `timestamp(${args[0] ?? 6}) with time zone`;
    case 'Timestamp':
      return `timestamp(${args[0] ?? 6}) without time zone`;
    case 'Decimal':
      return `numeric(${args.join(',')})`;
    case 'VarChar':
      return `character varying(${args[0]})`;
    default:
      throw new Error(`schema-shape does not know the native type @db.${name} yet; teach it`);
  }
}

/** Client-side defaults (uuid(), cuid()…) leave no default in the database. */
const hasDatabaseDefault = (field: DmmfField): boolean => {
  if (!field.hasDefaultValue) return false;
  const fn = field.default as { name?: string } | undefined;
  return !(fn && typeof fn === 'object' && ['uuid', 'cuid', 'nanoid', 'ulid'].includes(fn.name ?? ''));
};

const prismaOnDelete: Record<string, string> = { Cascade: 'CASCADE', SetNull: 'SET NULL', Restrict: 'RESTRICT', NoAction: 'NO ACTION', SetDefault: 'SET DEFAULT' };

export function declaredShape(schemaFile = projectPath('prisma', 'schema.prisma')): SchemaShape {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: readFileSync(schemaFile, 'utf8') }))) as Dmmf;
  const models = new Map(dmmf.datamodel.models.map((model) => [model.name, model]));
  const enums = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName)!;
    return field.dbName ?? field.name;
  };

  const shape: SchemaShape = {
    enums: Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)])),
    tables: {},
  };
  for (const model of dmmf.datamodel.models) {
    const table = tableOf(model);
    const entry: SchemaShape['tables'][string] = { columns: {}, indexes: {}, foreignKeys: {} };
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (!field.relationFromFields?.length) continue;
        const target = models.get(field.type)!;
        const columns = field.relationFromFields.map((name) => columnOf(model, name));
        entry.foreignKeys[`${table}_${columns.join('_')}_fkey`] = {
          columns,
          references: tableOf(target),
          referencedColumns: field.relationToFields!.map((name) => columnOf(target, name)),
          onDelete: prismaOnDelete[field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull')]!,
        };
        continue;
      }
      const base = field.kind === 'enum' ? enums.get(field.type)! : field.nativeType ? nativeTypeName(field.nativeType) : scalarTypes[field.type]!;
      entry.columns[field.dbName ?? field.name] = {
        type: field.isList ? `${base}[]` : base,
        nullable: !field.isRequired,
        hasDefault: hasDatabaseDefault(field),
      };
    }
    shape.tables[table] = entry;
  }
  for (const index of dmmf.datamodel.indexes) {
    const model = models.get(index.model)!;
    const table = tableOf(model);
    const columns = index.fields.map((field) => columnOf(model, field.name));
    const suffix = { id: 'pkey', unique: 'key', normal: 'idx', fulltext: 'idx' }[index.type];
    const name = index.dbName ?? (index.type === 'id' ? `${table}_pkey` : `${table}_${columns.join('_')}_${suffix}`);
    shape.tables[table]!.indexes[name] = { columns, unique: index.type !== 'normal', primary: index.type === 'id' };
  }
  return shape;
}

const onDeleteCodes: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

export async function databaseShape(client: Client): Promise<SchemaShape> {
  const shape: SchemaShape = { enums: {}, tables: {} };
  const tableFilter = `n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`;

  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  for (const row of enums.rows) shape.enums[row.name] = row.values;

  const columns = await client.query<{ table: string; column: string; type: string; notnull: boolean; hasdef: boolean }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, a.atthasdef AS hasdef
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${tableFilter} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`);
  for (const row of columns.rows) {
    shape.tables[row.table] ??= { columns: {}, indexes: {}, foreignKeys: {} };
    shape.tables[row.table]!.columns[row.column] = { type: row.type, nullable: !row.notnull, hasDefault: row.hasdef };
  }

  const indexes = await client.query<{ table: string; name: string; columns: string[]; unique: boolean; primary: boolean }>(`
    SELECT c.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
           array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, pos)
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.pos)::text[] AS columns
    FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${tableFilter}`);
  for (const row of indexes.rows) shape.tables[row.table]!.indexes[row.name] = { columns: row.columns, unique: row.unique, primary: row.primary };

  const foreignKeys = await client.query<{ table: string; name: string; columns: string[]; references: string; referenced: string[]; deltype: string }>(`
    SELECT c.relname AS table, k.conname AS name, r.relname AS references, k.confdeltype AS deltype,
           array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, pos)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.pos)::text[] AS columns,
           array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, pos)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.pos)::text[] AS referenced
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND ${tableFilter}`);
  for (const row of foreignKeys.rows) {
    shape.tables[row.table]!.foreignKeys[row.name] = {
      columns: row.columns,
      references: row.references,
      referencedColumns: row.referenced,
      onDelete: onDeleteCodes[row.deltype]!,
    };
  }
  return shape;
}
