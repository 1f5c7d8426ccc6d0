import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError } from './errors';
import { excerpt } from './validation';
import { ancestorArgs, listOf, type CostOptions } from './http/query-cost';

/** Relay-style page information. */
@ObjectType({ simpleResolvers: true, description: 'Where a page of a connection sits in the whole list.' })
export class PageInfo {
  @Field({ description: 'True when more items follow the last one of this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor: string | null;
}

/** Cursors are opaque to clients; inside they carry the sort key of the item. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(`c:${key}`).toString('base64url');
}

/** What a cursor's key looks like, per list: a six-digit code, or a report id. */
const CURSOR_KEYS = { code: /^\d{6}$/, id: /^[1-9]\d{0,11}$/ } as const;

/**
 * The key inside a cursor this API made; anything else (not base64url, another prefix, a key of the
 * wrong shape) is BAD_USER_INPUT before the database sees it, the same on SQLite and PostgreSQL.
 */
export function decodeCursor(cursor: string, key: keyof typeof CURSOR_KEYS): string {
  const decoded = cursor.length <= 64 && /^[A-Za-z0-9_-]*$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!decoded.startsWith('c:') || !CURSOR_KEYS[key].test(decoded.slice(2))) {
    throw new BadUserInputError(
      `"${excerpt(cursor)}" is not a cursor from this list: pass the endCursor of a previous page of the same list.`,
      { argument: 'after' },
    );
  }
  return decoded.slice(2);
}

export function checkPageSize(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadUserInputError(`first must be from 1 to ${max}, got ${first}; ask for more pages with \`after\` instead.`, {
      argument: 'first',
    });
  }
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Turns a fetched page (fetched with one extra row to learn whether more follow) into a connection. */
export function toConnection<T>(page: Page<T>, keyOf: (item: T) => string | number) {
  const edges = page.items.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
  };
}

/** Items on one page: `first` (capped at the page-size limit), of the nearest field above that takes it. */
export function pageSize(o: CostOptions): number {
  const first = ancestorArgs(o, (call) => 'first' in call.args)?.first;
  return Math.min(typeof first === 'number' && first > 0 ? first : 1, o.reference.maxPageSize);
}

/**
 * The Relay connection and edge types of one node type, e.g. `JurisdictionConnection` and
 * `JurisdictionEdge`. `noun` and `nouns` name the items in the descriptions; `order` says how pages sort.
 * `size` prices a page (default: its `first`).
 */
export function connectionType<T extends object>(
  node: ClassType<T>,
  names: { type: string; noun: string; nouns: string; order: string },
  size: (o: CostOptions) => number = pageSize,
) {
  @ObjectType(`${names.type}Edge`, { simpleResolvers: true, description: `One ${names.noun} of a connection, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item; pass as `after` to continue after it.' })
    cursor: string;

    @Field(() => node, { description: `The ${names.noun}.` })
    node: T;
  }

  @ObjectType(`${names.type}Connection`, { simpleResolvers: true, description: `A page of ${names.nouns}, ordered by ${names.order}.` })
  class Connection {
    @Field(() => [Edge], { complexity: listOf(size), description: `The ${names.nouns} of this page.` })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether more pages follow, and where.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: `Number of ${names.nouns} matching the filter, over all pages.` })
    totalCount: number;
  }

  return Connection;
}
