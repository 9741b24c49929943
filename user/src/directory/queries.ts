// Staff directory listing: filtered, newest first, keyset-paginated.
import type pg from 'pg';
import { Conditions, escapeLike, paged, type Keyset, type Page } from '@idp/common';
import type { Role, StaffUserType, UserStatus } from '@idp/proto';

export interface UserListFilters {
  status?: UserStatus[];
  userType?: StaffUserType[];
  role?: Role;
  q?: string;
  limit: number;
}

export const USER_LIST_QUERY_SHAPE = { lists: ['status', 'userType'] } as const;

export interface UserSummary {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userType: string;
  roles: string[];
  permissions: string[];
  status: string;
  createdAt: string;
  updatedAt: string;
}

export class UserDirectoryQueries {
  constructor(private readonly pool: pg.Pool) {}

  async list(filters: UserListFilters, after?: Keyset): Promise<Page<UserSummary>> {
    const where = new Conditions();
    if (filters.status) where.add((p) => `status = ANY(${p})`, filters.status);
    else where.add((p) => `status <> ${p}`, 'deleted');
    if (filters.userType) where.add((p) => `user_type = ANY(${p})`, filters.userType);
    if (filters.role) where.add((p) => `roles @> ARRAY[${p}]::text[]`, filters.role);
    if (filters.q) where.add((p) => `(email LIKE ${p} OR lower(last_name) LIKE ${p})`, `${escapeLike(filters.q.toLowerCase())}%`);
    where.addKeyset(after, 'created_at', 'id');
    const limit = where.limit(filters.limit + 1);
    const { rows } = await this.pool.query(
      `SELECT id, email, first_name, last_name, user_type, roles, permissions, status, created_at, updated_at
         FROM users ${where.where} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      where.values,
    );
    const users: UserSummary[] = rows.map((r) => ({
      id: r.id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      userType: r.user_type,
      roles: r.roles,
      permissions: r.permissions,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
    return paged(users, filters.limit, (u) => ({ createdAt: u.createdAt, id: u.id }));
  }
}
