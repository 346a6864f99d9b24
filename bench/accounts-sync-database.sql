-- The collector's queries run in every database that accepts connections (see accounts-sync.sql).
SELECT n.nspname, a.grantee, a.privilege_type, a.is_grantable
FROM pg_namespace n CROSS JOIN LATERAL aclexplode(COALESCE(n.nspacl, acldefault('n', n.nspowner))) a
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)';
SELECT n.nspname, CASE WHEN c.relkind = 'S' THEN 'sequences' ELSE 'tables' END, a.grantee, a.privilege_type, COUNT(*)::int
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(COALESCE(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))) a
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
GROUP BY 1, 2, 3, 4;
SELECT COALESCE(n.nspname, '*'), d.defaclobjtype::text, a.grantee, a.privilege_type, pg_get_userbyid(d.defaclrole)
FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace CROSS JOIN LATERAL aclexplode(d.defaclacl) a;
