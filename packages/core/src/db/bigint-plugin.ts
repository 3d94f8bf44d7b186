import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

// Both drivers hand back every integer as bigint (SQLite safe integers, pg int8 parser), so a
// money sum can never lose a digit. Only `*_nanos` values stay bigint; ids, counts and
// sequence numbers become plain numbers so both engines return identical types.
export class BigIntResultPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) {
      for (const key of Object.keys(row)) {
        const value = row[key];
        if (typeof value === 'bigint' && !key.endsWith('_nanos')) row[key] = Number(value);
        else if (typeof value === 'string' && key.endsWith('_nanos')) row[key] = BigInt(value);
      }
    }
    return args.result;
  }
}
