-- The catalog queries of the PostgreSQL accounts collector (src/Symphony.Infrastructure/Fleet/PostgresDriver.cs),
-- for bench/accounts-sync.sh's baseline. This file: once per instance; accounts-sync-database.sql: in every database.
SELECT oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil FROM pg_roles;
SELECT member.rolname, parent.rolname, m.admin_option, member.rolinherit
FROM pg_auth_members m JOIN pg_roles member ON member.oid = m.member JOIN pg_roles parent ON parent.oid = m.roleid;
SELECT d.datname, d.datallowconn, a.grantee, a.privilege_type, a.is_grantable, d.datdba
FROM pg_database d CROSS JOIN LATERAL aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba))) a WHERE NOT d.datistemplate;
