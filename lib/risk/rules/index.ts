import type { Rule } from '../rule';
import type { RuleName } from '../types';
import { activityDrop } from './activityDrop';
import { disengaging } from './disengaging';
import { inactive } from './inactive';
import { missedDeadline } from './missedDeadline';
import { neverStarted } from './neverStarted';
import { offTrack } from './offTrack';
import { struggling } from './struggling';

/** Every rule of DESIGN §6, in the order flags are listed. */
export const RULES: Readonly<Record<RuleName, Rule>> = {
  inactive,
  neverStarted,
  disengaging,
  activityDrop,
  struggling,
  offTrack,
  missedDeadline,
};
