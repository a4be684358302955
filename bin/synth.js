#!/usr/bin/env node
// Runs the cdk8s app without a type-check: sucrase strips types as modules load.
'use strict';
const path = require('path');
require('./register');
// One synth validates one configuration: the fast parser zod compiles for each object schema (before any parse) costs more than it saves.
require('zod').z.config({ jitless: true });
const { main } = require('../main.ts');
process.exitCode = main({ argv: process.argv.slice(2), env: process.env, root: path.resolve(__dirname, '..') });
