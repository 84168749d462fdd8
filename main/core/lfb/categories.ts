/**
 * The LFB's closed lists for the call-time category fields, as the Incident records spell them
 * (see the Datastore's column dictionary). Serving accepts these even when a model has pooled a rare
 * one into "other"; anything else is refused as a typing mistake.
 */
export const LFB_INCIDENT_GROUPS = ['Fire', 'Special Service', 'False Alarm'] as const;

export const LFB_STOP_CODES = [
  'AFA',
  'Chimney Fire',
  'False alarm - Good intent',
  'False alarm - Malicious',
  'Late Call',
  'Primary Fire',
  'Secondary Fire',
  'Special Service',
  'Use of Special Operations Room',
] as const;

/**
 * The incident group each stop code belongs to, as every Incident record pairs them (the stop code is the
 * finer of the two). "Use of Special Operations Room" is left out: its group is not fixed.
 */
export const LFB_STOP_CODE_GROUPS: Readonly<Partial<Record<(typeof LFB_STOP_CODES)[number], string>>> = {
  AFA: 'False Alarm',
  'Chimney Fire': 'Fire',
  'False alarm - Good intent': 'False Alarm',
  'False alarm - Malicious': 'False Alarm',
  'Late Call': 'Fire',
  'Primary Fire': 'Fire',
  'Secondary Fire': 'Fire',
  'Special Service': 'Special Service',
};

export const LFB_PROPERTY_CATEGORIES = [
  'Aircraft',
  'Boat',
  'Dwelling',
  'Non Residential',
  'Other Residential',
  'Outdoor',
  'Outdoor Structure',
  'Rail Vehicle',
  'Road Vehicle',
] as const;
