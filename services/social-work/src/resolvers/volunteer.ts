import type {
  ServiceDurationResolvers,
  VolunteerCertificateResolvers,
  VolunteerCommendationResolvers,
  VolunteerResolvers,
  VolunteerServiceRecordResolvers,
  VolunteerSkill,
  VolunteerTrainingResolvers,
} from '../generated/resolvers-types.ts';
import { revealField } from '../authorization.ts';
import { listCertificateRecords, listCertificates } from '../domain/certificate-store.ts';
import { formatDuration, splitMinutes } from '../domain/hours.ts';
import { listVolunteerRecords } from '../domain/volunteer-record-store.ts';
import { listVolunteerCommendations, listVolunteerTrainings } from '../domain/volunteer-store.ts';
import { iso, isoOrNull, must, upper } from './convert.ts';

export const ServiceDuration: ServiceDurationResolvers = {
  minutes: (d) => d.minutes,
  hours: (d) => splitMinutes(d.minutes).hours,
  remainderMinutes: (d) => splitMinutes(d.minutes).remainderMinutes,
  text: (d) => formatDuration(d.minutes),
};

export const Volunteer: VolunteerResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.volunteer.load(ref.id),
  name: async (row, _args, ctx) => (await revealField(ctx, 'Volunteer', 'name', row))!,
  phone: async (row, _args, ctx) => (await revealField(ctx, 'Volunteer', 'phone', row))!,
  idNumber: async (row, _args, ctx) => (await revealField(ctx, 'Volunteer', 'idNumber', row))!,
  community: (row) => ({ code: row.communityCode }),
  skills: (row) => row.skills.map((s) => upper<VolunteerSkill>(s)),
  registeredAt: (row) => iso(row.registeredAt),
  serviceRecords: (row, { verified, organizationId, ...page }, { db, loaders }) =>
    listVolunteerRecords(db, { volunteerId: row.id, verified, organizationId }, page, loaders.viewer),
  verifiedTime: async (row, _args, { loaders }) => ({ minutes: await loaders.verifiedMinutes.load(row.id) }),
  trainings: (row, args, { db }) => listVolunteerTrainings(db, row.id, args),
  commendations: (row, args, { db }) => listVolunteerCommendations(db, row.id, args),
  certificates: (row, args, { db, loaders }) => listCertificates(db, { volunteerId: row.id }, args, loaders.viewer),
};

export const VolunteerServiceRecord: VolunteerServiceRecordResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.volunteerRecord.load(ref.id),
  volunteer: (row, _args, { loaders }) => must(loaders.volunteer.load(row.volunteerId)),
  recordingOrganization: (row) => ({ id: row.organizationId }),
  startsAt: (row) => isoOrNull(row.startsAt),
  endsAt: (row) => isoOrNull(row.endsAt),
  duration: (row) => ({ minutes: row.minutes }),
  verified: (row) => row.verifiedAt !== null,
  verifiedAt: (row) => isoOrNull(row.verifiedAt),
  recordedAt: (row) => iso(row.recordedAt),
};

export const VolunteerTraining: VolunteerTrainingResolvers = {
  volunteer: (row, _args, { loaders }) => must(loaders.volunteer.load(row.volunteerId)),
};

export const VolunteerCommendation: VolunteerCommendationResolvers = {
  volunteer: (row, _args, { loaders }) => must(loaders.volunteer.load(row.volunteerId)),
};

export const VolunteerCertificate: VolunteerCertificateResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.certificate.load(ref.id),
  volunteer: (row, _args, { loaders }) => must(loaders.volunteer.load(row.volunteerId)),
  issuer: (row) => ({ id: row.organizationId }),
  handlerName: async (row, _args, ctx) => (await revealField(ctx, 'VolunteerCertificate', 'handlerName', row))!,
  total: (row) => ({ minutes: row.totalMinutes }),
  records: (row, args, { db, loaders }) => listCertificateRecords(db, row.id, args, loaders.viewer),
  recomputedMinutes: (row, _args, { loaders }) => loaders.certificateMinutes.load(row.id),
};
