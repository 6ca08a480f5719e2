// knex against OceanClassic: migrations (knex's own migration tables and lock, then createTable with
// increments, timestamps(true, true), unique, index and references; an alterTable adding a column),
// onConflict().merge() upserts, transactions committed and rolled back, and the migrations rolled back.
// Exits 1 on a mismatch.
'use strict';
const { address, check, equal, refused, run } = require('./session');

const migrations = {
  '20240101_authors': {
    up: (k) => k.schema.createTable('authors', (t) => {
      t.increments('id');
      t.string('email', 120).notNullable().unique();
      t.string('name', 60).notNullable().index();
      t.integer('karma').notNullable().defaultTo(0);
      t.timestamps(true, false);
    }),
    down: (k) => k.schema.dropTable('authors'),
  },
  '20240102_posts': {
    up: (k) => k.schema.createTable('posts', (t) => {
      t.increments('id');
      t.integer('author_id').unsigned().notNullable();
      t.string('slug', 80).notNullable();
      t.text('body');
      t.unique(['author_id', 'slug']);
      t.timestamps(true, false);
    }),
    down: (k) => k.schema.dropTable('posts'),
  },
  '20240103_posts_views': {
    up: (k) => k.schema.alterTable('posts', (t) => { t.index(['slug'], 'ix_slug'); }),
    down: (k) => k.schema.alterTable('posts', (t) => { t.dropIndex(['slug'], 'ix_slug'); }),
  },
};

const source = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

run(async () => {
  const { port, database } = address();
  const admin = require('knex')({ client: 'mysql2', connection: { host: '127.0.0.1', port, user: 'root' } });
  await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
  await admin.raw(`CREATE DATABASE ${database}`);
  await admin.destroy();
  const knex = require('knex')({
    client: 'mysql2',
    connection: { host: '127.0.0.1', port, user: 'root', database, charset: 'utf8mb4' },
    migrations: { migrationSource: source },
  });
  try {
    const [batch, applied] = await knex.migrate.latest();
    equal([batch, applied], [1, Object.keys(migrations)], 'migrate.latest');
    equal((await knex('knex_migrations').orderBy('id').pluck('name')), Object.keys(migrations), 'knex_migrations rows');
    

    const [annId] = await knex('authors').insert({ email: 'ann@example.com', name: 'Ann' });
    check(annId > 0, 'increments id returned', annId);
    const ann = await knex('authors').where({ id: annId }).first();
    
    await refused(knex('authors').insert({ email: 'ANN@example.com', name: 'Other' }), 1062, 'unique email');

    // onConflict().merge(): INSERT ... ON DUPLICATE KEY UPDATE.
    await knex('authors').insert({ email: 'ann@example.com', name: 'Ann B', karma: 3 }).onConflict('email').merge();
    await knex('authors').insert({ email: 'bob@example.com', name: 'Bob', karma: 1 }).onConflict('email').merge(['karma']);
    await knex('authors').insert({ email: 'bob@example.com', name: 'Robert', karma: 7 }).onConflict('email').merge(['karma']);
    equal((await knex('authors').orderBy('email').select('email', 'name', 'karma')).map((r) => ({ ...r })),
      [{ email: 'ann@example.com', name: 'Ann B', karma: 3 }, { email: 'bob@example.com', name: 'Bob', karma: 7 }], 'after merges');

    // references: a post of Ann; the (author_id, slug) unique key.
    await knex('posts').insert({ author_id: annId, slug: 'hello', body: 'first \u{1F30A}' });
    await refused(knex('posts').insert({ author_id: annId, slug: 'hello' }), 1062, 'unique (author_id, slug)');
    await knex('posts').insert([{ author_id: annId, slug: 'second', views: 5 }]).onConflict(['author_id', 'slug']).merge();
    await knex('posts').insert([{ author_id: annId, slug: 'second', views: 6 }]).onConflict(['author_id', 'slug']).merge({ views: knex.raw('views + 1') });
    equal(await knex('posts').where({ slug: 'second' }).first().then((r) => r.views), 6, 'merge with a raw update');

    // Transactions: a committed one, and one rolled back by an error inside it.
    await knex.transaction(async (trx) => {
      await trx('authors').where({ email: 'ann@example.com' }).increment('karma', 10);
      await trx('posts').insert({ author_id: annId, slug: 'in-trx' });
    });
    await refused(knex.transaction(async (trx) => {
      await trx('authors').where({ email: 'ann@example.com' }).increment('karma', 100);
      await trx('posts').insert({ author_id: annId, slug: 'hello' });
    }), 1062, 'failing transaction');
    equal(await knex('authors').where({ email: 'ann@example.com' }).first().then((r) => r.karma), 13, 'karma after commit and rollback');
    equal(await knex('posts').orderBy('slug').pluck('slug'), ['hello', 'in-trx', 'second'], 'posts after commit and rollback');
    const joined = await knex('posts').join('authors', 'authors.id', 'posts.author_id').where('posts.slug', 'hello').first('authors.name', 'posts.body');
    equal({ ...joined }, { name: 'Ann B', body: 'first \u{1F30A}' }, 'join through the reference');

    const [rolledBatch, rolled] = await knex.migrate.rollback(undefined, true);
    equal([rolledBatch, rolled], [1, Object.keys(migrations).reverse()], 'migrate.rollback');
    equal([await knex.schema.hasTable('posts'), await knex.schema.hasTable('authors')], [false, false], 'tables after rollback');
  } finally {
    await knex.destroy();
  }
});
