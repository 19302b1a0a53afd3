import { defineMessages } from '@/lib/i18n';

export const thresholdsMessages = defineMessages({
  colThreshold: { id: 'lookout.thresholds.col.threshold', defaultMessage: 'Threshold' },
  colSetHere: { id: 'lookout.thresholds.col.setHere', defaultMessage: 'Set here' },
  colApplies: { id: 'lookout.thresholds.col.applies', defaultMessage: 'Applies now' },
  colFrom: { id: 'lookout.thresholds.col.from', defaultMessage: 'From' },
  range: { id: 'lookout.thresholds.range', defaultMessage: 'allowed {min}–{max}{unit}' },
  wholeNumber: { id: 'lookout.thresholds.wholeNumber', defaultMessage: ', whole number' },
  inherit: { id: 'lookout.thresholds.inherit', defaultMessage: 'inherit' },
  inheritFor: { id: 'lookout.thresholds.inheritFor', defaultMessage: 'inherit {label}', description: 'Accessible name of the button that clears one field' },
  notANumber: { id: 'lookout.thresholds.notANumber', defaultMessage: '{label}: "{text}" is not a number' },
  save: { id: 'lookout.thresholds.save', defaultMessage: 'Save changes' },
  saving: { id: 'lookout.thresholds.saving', defaultMessage: 'Saving…' },
  discard: { id: 'lookout.thresholds.discard', defaultMessage: 'discard' },
  saved: {
    id: 'lookout.thresholds.saved',
    defaultMessage: '{count, plural, one {Saved # change} other {Saved # changes}} at {time}. Live at-risk lists recompute within seconds.',
  },
  preview: { id: 'lookout.thresholds.preview', defaultMessage: 'Preview who it would flag' },
  previewing: { id: 'lookout.thresholds.previewing', defaultMessage: 'Counting…' },
  previewTotal: {
    id: 'lookout.thresholds.previewTotal',
    defaultMessage: 'With this change, {after, plural, one {# learner} other {# learners}} would be flagged (now {now}), over {courses, plural, one {# course} other {# courses}}.',
  },
  previewCourse: { id: 'lookout.thresholds.previewCourse', defaultMessage: '{course}: {after} (now {now}) of {evaluated} evaluated' },
  previewLeftOut: { id: 'lookout.thresholds.previewLeftOut', defaultMessage: '{count, plural, one {# less active course} other {# less active courses}} of this scope not counted.' },
  previewNoCourse: { id: 'lookout.thresholds.previewNoCourse', defaultMessage: 'No course of this scope had learner activity in the last 30 days: nobody to flag.' },
  tableLabel: { id: 'lookout.thresholds.tableLabel', defaultMessage: 'Thresholds', description: 'Name of the scrollable table' },
});
