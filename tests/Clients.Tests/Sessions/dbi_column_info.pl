# Perl DBI with DBD::MariaDB and server-side prepared statements (mariadb_server_prepare=1): column_info,
# primary_key_info, table_info and statement metadata (NAME, TYPE, PRECISION, SCALE, NULLABLE) describe
# the table as created; typed values round-trip through prepared statements. Exits 1 on a mismatch.
use strict; use warnings; use DBI;
binmode(STDOUT, ":utf8");
my ($port, $database) = @ARGV;
sub fail { print "MISMATCH: $_[0]\n"; exit 1; }
sub equal { my ($actual, $expected, $what) = @_;
  $actual = defined $actual ? $actual : 'undef';
  fail("$what: expected '$expected'\n  actual: '$actual'") unless $actual eq $expected; }

my $dbh = DBI->connect("DBI:MariaDB:host=127.0.0.1;port=$port;mariadb_server_prepare=1", "root", "",
  {RaiseError => 1, PrintError => 0, AutoCommit => 1});
$dbh->do("DROP DATABASE IF EXISTS $database"); $dbh->do("CREATE DATABASE $database"); $dbh->do("USE $database");
$dbh->do(q{CREATE TABLE items (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  sku VARCHAR(32) NOT NULL,
  price DECIMAL(10,2) NOT NULL DEFAULT 0.00,
  qty SMALLINT DEFAULT 1,
  note TEXT,
  added DATETIME,
  UNIQUE KEY uq_sku (sku))});

my $ci = $dbh->column_info(undef, $database, 'items', '%');
fail("column_info returned nothing") unless $ci;
my @cols = @{$ci->fetchall_arrayref({})};
equal(join(",", map { $_->{COLUMN_NAME} } @cols), "id,sku,price,qty,note,added", "column_info names");
my %c = map { $_->{COLUMN_NAME} => $_ } @cols;
equal($c{id}{TYPE_NAME}, "INT", "id TYPE_NAME");
equal($c{id}{NULLABLE}, 0, "id NULLABLE");
equal($c{id}{mariadb_is_auto_increment}, 1, "id auto_increment");
equal($c{id}{mariadb_is_pri_key}, 1, "id is the primary key");
equal($c{sku}{TYPE_NAME}, "VARCHAR", "sku TYPE_NAME");
equal($c{sku}{COLUMN_SIZE}, 32, "sku COLUMN_SIZE");
equal($c{price}{TYPE_NAME}, "DECIMAL", "price TYPE_NAME");
equal($c{price}{COLUMN_SIZE}, 10, "price COLUMN_SIZE");
equal($c{price}{DECIMAL_DIGITS}, 2, "price DECIMAL_DIGITS");
equal($c{price}{COLUMN_DEF}, "0.00", "price COLUMN_DEF");
equal($c{qty}{NULLABLE}, 1, "qty NULLABLE");
equal($c{qty}{COLUMN_DEF}, "1", "qty COLUMN_DEF");
equal($c{note}{TYPE_NAME}, "TEXT", "note TYPE_NAME");
equal($c{added}{TYPE_NAME}, "DATETIME", "added TYPE_NAME");
equal($c{price}{ORDINAL_POSITION}, 3, "price ORDINAL_POSITION");

equal(join(",", $dbh->primary_key(undef, $database, 'items')), "id", "primary_key");
my @tables = $dbh->tables(undef, $database, '%', 'TABLE');
equal(scalar(grep { /items/ } @tables), 1, "table_info lists items");

my $ins = $dbh->prepare("INSERT INTO items (sku, price, qty, note, added) VALUES (?, ?, ?, ?, ?)");
$ins->execute("A-1", "9.99", 3, "caf\x{e9} \x{1F30A}", "2024-05-06 07:08:09");
$ins->execute("B-2", "0.50", undef, undef, undef);
equal($dbh->last_insert_id(undef, undef, undef, undef), 2, "last_insert_id");
my $sel = $dbh->prepare("SELECT id, sku, price, qty, note, added FROM items WHERE price > ? ORDER BY id");
$sel->execute(0.1);
equal(join(",", @{$sel->{NAME}}), "id,sku,price,qty,note,added", "statement NAME");
equal(join(",", map { $_ ? 1 : 0 } @{$sel->{NULLABLE}}), "0,0,0,1,1,1", "statement NULLABLE");
equal($sel->{PRECISION}[2], 12, "statement PRECISION of price (display length, as MariaDB)");
equal($sel->{SCALE}[2], 2, "statement SCALE of price");
equal($sel->{TYPE}[0], DBI::SQL_INTEGER(), "statement TYPE of id");
equal($sel->{TYPE}[2], DBI::SQL_DECIMAL(), "statement TYPE of price");
my @rows = map { join("|", map { defined $_ ? $_ : "NULL" } @$_) } @{$sel->fetchall_arrayref};
equal(join("\n", @rows), "1|A-1|9.99|3|caf\x{e9} \x{1F30A}|2024-05-06 07:08:09\n2|B-2|0.50|NULL|NULL|NULL", "rows");
eval { $ins->execute("a-1", "1", 1, undef, undef) };
equal($DBI::err, 1062, "duplicate sku through the prepared statement");
print "ok\n";
