/** Chinese labels of the domain's codes, for open data and messages. */
export const CATEGORY_LABELS: Record<string, string> = {
  trade_association: '行业协会商会',
  science_and_technology: '科技类',
  charity: '公益慈善类',
  community_service: '城乡社区服务类',
};

export const SERVICE_FIELD_LABELS: Record<string, string> = {
  elderly: '养老服务',
  youth: '青少年服务',
  children: '儿童服务',
  disability: '助残服务',
  environment: '环境保护',
  culture_and_sports: '文体活动',
  volunteering: '志愿服务',
  legal_aid: '法律援助',
  psychological_help: '心理疏导',
  housekeeping: '家政服务',
  poverty_relief: '扶贫济困',
  community_affairs: '社区事务',
};

export const SERVICE_FIELDS = Object.keys(SERVICE_FIELD_LABELS) as readonly string[];

export const LEGAL_FORM_LABELS: Record<string, string> = {
  social_group: '社会团体',
  social_service_agency: '社会服务机构（民办非企业单位）',
  foundation: '基金会',
};

export const STATE_LABELS: Record<string, string> = {
  preparing: '筹备中',
  filed: '已备案',
  recommended: '已推荐登记',
  registered: '已登记',
  suspended: '暂停活动',
  deregistered: '已注销',
};
