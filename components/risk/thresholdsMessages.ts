import { defineMessages } from '@/lib/i18n';

export const thresholdsMessages = defineMessages({
  colThreshold: { id: 'thresholds.col.threshold', defaultMessage: 'Threshold' },
  colSetHere: { id: 'thresholds.col.setHere', defaultMessage: 'Set here' },
  colApplies: { id: 'thresholds.col.applies', defaultMessage: 'Applies now' },
  colFrom: { id: 'thresholds.col.from', defaultMessage: 'From' },
  range: { id: 'thresholds.range', defaultMessage: 'allowed {min}–{max}{unit}' },
  wholeNumber: { id: 'thresholds.wholeNumber', defaultMessage: ', whole number' },
  inherit: { id: 'thresholds.inherit', defaultMessage: 'inherit' },
  inheritFor: { id: 'thresholds.inheritFor', defaultMessage: 'inherit {label}', description: 'Accessible name of the button that clears one field' },
  notANumber: { id: 'thresholds.notANumber', defaultMessage: '{label}: "{text}" is not a number' },
  save: { id: 'thresholds.save', defaultMessage: 'Save changes' },
  saving: { id: 'thresholds.saving', defaultMessage: 'Saving…' },
  discard: { id: 'thresholds.discard', defaultMessage: 'discard' },
  saved: {
    id: 'thresholds.saved',
    defaultMessage: 'Saved {count} change(s) at {time} UTC. Live at-risk lists recompute within seconds.',
  },
  preview: { id: 'thresholds.preview', defaultMessage: 'Preview who it would flag' },
  previewing: { id: 'thresholds.previewing', defaultMessage: 'Counting…' },
  previewTotal: {
    id: 'thresholds.previewTotal',
    defaultMessage: 'With this change, {after} learners would be flagged (now {now}), over {courses} course(s).',
  },
  previewCourse: { id: 'thresholds.previewCourse', defaultMessage: '{course}: {after} (now {now}) of {evaluated} evaluated' },
  previewLeftOut: { id: 'thresholds.previewLeftOut', defaultMessage: '{count} less active course(s) of this scope not counted.' },
  previewNoCourse: { id: 'thresholds.previewNoCourse', defaultMessage: 'No course of this scope had learner activity in the last 30 days: nobody to flag.' },
  tableLabel: { id: 'thresholds.tableLabel', defaultMessage: 'Thresholds', description: 'Name of the scrollable table' },
});
