-- The catalog queries of the MySQL accounts collector on MariaDB (src/Symphony.Infrastructure/Fleet/MySqlDriver.cs),
-- for bench/accounts-sync-mariadb.sh's baseline: the flavour, then the one round trip of the grant tables.
SELECT VERSION(), @@version_comment;
SELECT User, Host, CAST(JSON_VALUE(Priv, '$.access') AS UNSIGNED), JSON_VALUE(Priv, '$.plugin'), JSON_VALUE(Priv, '$.account_locked'),
       CAST(JSON_VALUE(Priv, '$.password_last_changed') AS SIGNED), CAST(JSON_VALUE(Priv, '$.password_lifetime') AS SIGNED),
       JSON_VALUE(Priv, '$.is_role'), JSON_VALUE(Priv, '$.default_role'), CAST(JSON_VALUE(Priv, '$.max_user_connections') AS SIGNED)
FROM mysql.global_priv;
SELECT @@default_password_lifetime;
SELECT User, Host, Role, Admin_option FROM mysql.roles_mapping;
SELECT * FROM mysql.db;
SELECT User, Host, Db, Table_priv, Table_name, Grantor, 'table' FROM mysql.tables_priv;
SELECT c.User, c.Host, c.Db, c.Column_priv, CONCAT(c.Table_name, '.', c.Column_name), t.Grantor, 'column'
FROM mysql.columns_priv c LEFT JOIN mysql.tables_priv t ON t.Host = c.Host AND t.Db = c.Db AND t.User = c.User AND t.Table_name = c.Table_name;
SELECT User, Host, Db, Proc_priv, Routine_name, Grantor, LOWER(Routine_type) FROM mysql.procs_priv;
