/** Plausible Chinese personal names for generated people, deterministic by serial. */
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉健俊帆瑶婷雪琳晨宇浩然子涵欣怡梓轩思远嘉怡雨桐';

export function personName(serial: number): string {
  const surname = SURNAMES[serial % SURNAMES.length]!;
  const first = GIVEN[Math.floor(serial / SURNAMES.length) % GIVEN.length]!;
  const second = GIVEN[Math.floor(serial / (SURNAMES.length * GIVEN.length)) % GIVEN.length]!;
  // One- and two-character given names, as in life.
  return serial % 3 === 0 ? `${surname}${first}` : `${surname}${first}${second}`;
}

/** Birth dates spread over 1950–1999, always real calendar days. */
export function birthDate(serial: number): string {
  const year = 1950 + (serial % 50);
  const month = 1 + (Math.floor(serial / 50) % 12);
  const day = 1 + (Math.floor(serial / 600) % 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
