/**
 * Qingshan district, Baotou — the figures of seed article 000 (《精准定位街镇职能 深入推进“三社联动”》,
 * 2017-06-30) that the dataset reproduces. Each is quoted; where the platform needs a number the
 * article does not give (a split, a level, a date), the choice is marked CHOSEN.
 */
export const QINGSHAN = {
  districtCode: '150204',
  /** 共辖有8个街道、53个社区;2个镇、21个村 */
  streets: 8,
  communities: 53,
  towns: 2,
  villages: 21,
  /** 全区社会组织数量由183家迅速增长到769家 */
  organizations: 769,
  /** 统筹全区43家为老服务组织 — organizations whose service fields include ELDERLY. */
  elderlyServiceOrganizations: 43,
  /** 在53个社区院落、楼栋、单元建立471个党组织服务站点 */
  partyServiceStations: 471,
  /** 400多个居民议事平台 — CHOSEN: 8 per community, 424. */
  deliberationPlatforms: 424,
  /** 多元民主协商化解大小矛盾8363件 */
  disputesResolved: 8363,
  /** 国家和市级社工师持证人员达553人 */
  certifiedSocialWorkers: 553,
  /** CHOSEN split of the 553 by level (the article gives none). */
  certifiedByLevel: { ASSISTANT: 371, INTERMEDIATE: 170, SENIOR: 12 },
  /** 社会组织中社工专业科班人员达87人 */
  socialWorkGraduatesInOrganizations: 87,
  /** 53个社区级社工服务机构 — one registered social-service agency and its station per community. */
  communitySocialWorkAgencies: 53,
  /** 受训专业义工人员达25000余人 — CHOSEN: 25,000. */
  volunteers: 25_000,
  /** 先锋路街道 … 30万元的公益“微基金” (the street is 先锋道街道 in the region tree). */
  microFundStreet: '150204004',
  microFundFen: 30_000_000,
  /** 支持保障了13大类1742个“微项目”服务 */
  microProjects: 1742,
  microProjectCategories: 13,
  /** 满足了居民5316个“微心愿” */
  microWishesFulfilled: 5316,
  /** 区政府年增投1750万元购买社会工作岗位服务,社区工作人员平均由7人增长到17人 — 10 posts per community. */
  socialWorkPostsFen: 1_750_000_000,
  socialWorkPostsPerCommunity: 10,
  /** 每年投入800万元购买社会力量项目服务 — CHOSEN: awarded to the 43 elderly-service organizations. */
  purchaseOfServicesFen: 800_000_000,
  /** 将社区年活动经费由20万元增加到50万元 */
  communityActivityFundFen: 50_000_000,
  /** 10个街镇联合压缩挤兑自身工作经费众筹100万元 — a crowdfunded venture-philanthropy fund. */
  crowdfundedVentureFen: 100_000_000,
  /** CHOSEN: the article gives no registered/filed split; 200 registered, the rest filed. */
  registeredOrganizations: 200,
} as const;

/** The period the district view is asked for: from the 2014 experimental-zone designation to the load. */
export const QINGSHAN_PERIOD_FROM = '2014-01-01';
