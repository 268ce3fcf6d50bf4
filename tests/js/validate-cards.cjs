#!/usr/bin/env node
// Validate Adaptive Cards with the official library (npm adaptivecards).
// stdin: a JSON array of card objects. stdout: a JSON array, one list of problem strings per card.
// Exit code 0 when the batch was processed (even if cards have problems), 2 on bad input.
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
// require('adaptivecards') resolves to an ESM build that Node cannot load; the UMD bundle works without a DOM.
const AC = require(path.join(root, 'node_modules/adaptivecards/dist/adaptivecards.min.js'));
const { registerCharts } = require('./chart-elements.cjs');

// `--without-charts`: parse as a host that knows no chart type (Teams on iOS) and print what it keeps of each card
// (each chart replaced by its fallback) instead of problems.
const withoutCharts = process.argv.includes('--without-charts');
if (!withoutCharts) {
  registerCharts(AC);
}

function describeSource(source) {
  // Validation events carry the offending card object; name it so the message can be located.
  if (!source || typeof source.getJsonTypeName !== 'function') {
    return '';
  }
  const id = typeof source.id === 'string' && source.id ? `#${source.id}` : '';
  return ` (${source.getJsonTypeName()}${id})`;
}

function formatEvent(e) {
  const kind = AC.ValidationEvent[e.event] || `event ${e.event}`;
  const phase = AC.ValidationPhase[e.phase] || `phase ${e.phase}`;
  return `${phase.toLowerCase()}: ${kind}${describeSource(e.source)}: ${e.message}`;
}

function registeredVersion(typeName) {
  const reg = AC.GlobalRegistry.elements.findByName(typeName) || AC.GlobalRegistry.actions.findByName(typeName);
  return reg ? reg.schemaVersion : undefined;
}

// The parse context's targetVersion gates element types and properties by schema version. The default is the
// library's latest (1.6), which would accept e.g. Action.Execute in a 1.2 card, so target the declared version.
function contextFor(json) {
  const probe = new AC.SerializationContext();
  if (typeof json.version === 'string') {
    const v = AC.Version.parse(json.version, probe);
    if (v && v.isValid && v.compareTo(AC.Versions.latest) <= 0) {
      return new AC.SerializationContext(v);
    }
  }
  return new AC.SerializationContext();
}

function validateCard(json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return ['card is not a JSON object'];
  }
  const problems = [];
  const card = new AC.AdaptiveCard();
  const ctx = contextFor(json);
  card.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    let text = formatEvent(e);
    // "Unknown type" is misleading for a known type that is newer than the card's version.
    const m = /^Unknown (?:element|action) type "([^"]+)"/.exec(e.message);
    const needs = m ? registeredVersion(m[1]) : undefined;
    if (needs) {
      text += ` ${m[1]} needs card version ${needs.toString()} or later.`;
    }
    problems.push(text);
  }
  for (const e of card.validateProperties().validationEvents) {
    // Hints are advice (e.g. mixing weighted and stretched columns), not defects.
    if (e.event !== AC.ValidationEvent.Hint) {
      problems.push(formatEvent(e));
    }
  }
  return problems;
}

function parsedWithoutCharts(json) {
  const card = new AC.AdaptiveCard();
  card.parse(json, contextFor(json));
  return card.toJSON();
}

function main() {
  let cards;
  try {
    cards = JSON.parse(fs.readFileSync(0, 'utf8'));
  } catch (err) {
    process.stderr.write(`validate-cards: stdin is not JSON: ${err.message}\n`);
    process.exit(2);
  }
  if (!Array.isArray(cards)) {
    process.stderr.write('validate-cards: stdin must be a JSON array of cards\n');
    process.exit(2);
  }
  const results = cards.map((json) => {
    try {
      return withoutCharts ? parsedWithoutCharts(json) : validateCard(json);
    } catch (err) {
      // Report a crash per card rather than losing the whole batch (and never dump the minified bundle).
      return [`library error: ${err && err.message ? err.message : String(err)}`];
    }
  });
  process.stdout.write(JSON.stringify(results));
}

main();
