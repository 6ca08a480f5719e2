// sequelize against OceanClassic (mysql2 dialect): sync() of models with an association, unique and
// indexed columns, defaults and createdAt/updatedAt; sync({ alter: true }) reading the schema back;
// upsert inserting then updating; managed transactions committed and rolled back. Exits 1 on a mismatch.
'use strict';
const { Sequelize, DataTypes, UniqueConstraintError } = require('sequelize');
const { address, check, equal, run } = require('./session');

run(async () => {
  const { port, database } = address();
  const admin = new Sequelize('', 'root', '', { host: '127.0.0.1', port, dialect: 'mysql', logging: false });
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.close();
  const sequelize = new Sequelize(database, 'root', '', { host: '127.0.0.1', port, dialect: 'mysql', logging: false });
  try {
    const User = sequelize.define('User', {
      email: { type: DataTypes.STRING(120), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(60), allowNull: false },
      karma: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      active: { type: DataTypes.BOOLEAN, defaultValue: true },
    }, { indexes: [{ fields: ['name'] }] });
    const Task = sequelize.define('Task', {
      title: { type: DataTypes.STRING, allowNull: false },
      due: DataTypes.DATEONLY,
      done: { type: DataTypes.BOOLEAN, defaultValue: false },
    });
    User.hasMany(Task);
    Task.belongsTo(User);

    await sequelize.sync({ force: true });
    await sequelize.sync({ alter: true });
    const described = await sequelize.getQueryInterface().describeTable('Tasks');
    equal(Object.keys(described), ['id', 'title', 'due', 'done', 'createdAt', 'updatedAt', 'UserId'], 'Tasks columns');

    const ann = await User.create({ email: 'ann@example.com', name: 'Ann', Tasks: [{ title: 'write' }, { title: 'read \u{1F4D6}', due: '2024-02-29' }] }, { include: [Task] });
    check(ann.id > 0 && ann.createdAt instanceof Date, 'created user', ann.toJSON());
    const loaded = await User.findOne({ where: { email: 'ann@example.com' }, include: [Task], order: [[Task, 'id', 'ASC']] });
    equal(loaded.Tasks.map((t) => [t.title, t.due, t.done]), [['write', null, false], ['read \u{1F4D6}', '2024-02-29', false]], 'tasks through the association');

    // upsert: an insert, then an update of the row with the same unique email.
    await User.upsert({ email: 'bob@example.com', name: 'Bob', karma: 1 });
    await User.upsert({ email: 'bob@example.com', name: 'Robert', karma: 5 });
    equal((await User.findAll({ order: [['email', 'ASC']], raw: true })).map((u) => [u.email, u.name, u.karma]),
      [['ann@example.com', 'Ann', 0], ['bob@example.com', 'Robert', 5]], 'after upserts');

    try {
      await User.create({ email: 'ANN@example.com', name: 'dup' });
      check(false, 'a duplicate email was accepted');
    } catch (e) {
      check(e instanceof UniqueConstraintError, 'duplicate email is a UniqueConstraintError', e.name);
    }

    await sequelize.transaction(async (t) => {
      await User.increment('karma', { by: 10, where: { name: 'Ann' }, transaction: t });
      await Task.create({ title: 'in trx', UserId: ann.id }, { transaction: t });
    });
    try {
      await sequelize.transaction(async (t) => {
        await User.increment('karma', { by: 100, where: { name: 'Ann' }, transaction: t });
        await Task.create({ title: 'lost', UserId: ann.id }, { transaction: t });
        throw new Error('roll back');
      });
    } catch (e) {
      equal(e.message, 'roll back', 'rolled-back transaction');
    }
    equal((await User.findOne({ where: { name: 'Ann' } })).karma, 10, 'karma after commit and rollback');
    equal((await Task.findAll({ order: [['id', 'ASC']] })).map((t) => t.title), ['write', 'read \u{1F4D6}', 'in trx'], 'tasks after commit and rollback');

    await Task.update({ done: true }, { where: { title: 'write' } });
    equal(await Task.count({ where: { done: true } }), 1, 'update and count');
    await Task.destroy({ where: { UserId: ann.id } });
    await sequelize.drop();
    equal(await sequelize.getQueryInterface().showAllTables(), [], 'tables after drop');
  } finally {
    await sequelize.close();
  }
});
