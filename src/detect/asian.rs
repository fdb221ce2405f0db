//! Chinese, Korean and Vietnamese names in Latin letters (`Wei Zhang`, `Zhang Xiaoming`, `Park
//! Ji-hoon`, `Nguyen Van An`), for `western`'s runs of capitalised words.
//!
//! China, Vietnam and Korea are where most foreign residents of Japan come from, and their names
//! are in no census list of American names: `western` found none of them. A name here is a
//! frequent surname and a given name built the way the language builds them:
//! - **Chinese**: a surname of the most frequent ones (the Ministry of Public Security's 2020
//!   ranking, in Hanyu Pinyin, and the Cantonese and Hokkien spellings of Hong Kong, Taiwan and
//!   Singapore: `Chan`, `Wong`, `Tan`, `Lim`) and a given name of one or two Pinyin syllables
//!   (the syllable table of GB/T 16159: `Wei`, `Xiaoming`, `Xiao-Ming`), either first, or of two
//!   Cantonese, Hokkien or Wade–Giles syllables after the surname (`Chan Tai Man`, `Lin
//!   Chih-hao`);
//! - **Korean**: a surname of the most frequent ones (Statistics Korea's 2015 census, in the
//!   Revised Romanization and the older spellings: `Park`, `Choi`, `Lee`) and a given name of two
//!   syllables of those names are made of (`Ji-hoon`, `Jihoon`, `Ji Hoon`), either first;
//! - **Vietnamese**: a surname of the most frequent ones (`Nguyen`, `Tran`, `Le`; accents as
//!   written, `Nguyễn`, `Đặng`), then a middle name and a given name, or one given name, of the
//!   syllables given names are made of; or those names first (`Minh Tran`).
//!
//! Pinyin syllables are short English words too (`he`, `long`, `sun`, `tan`, `man`), so a pair
//! whose two words are both English words is none (`Sun Tan`, `Long Men`, `Ha Long`), nor is a
//! given name that is a place or a brand (`Shanghai Tang`, `Xiaomi Mi`), nor a listed pair that
//! names a thing (`Yin Yang`, `Feng Shui`, `Gong Cha`, `Shao Lin`, `Ho Chi Minh`), nor a word
//! doubled (`Dan Dan`); `western` also drops a pair before a thing's noun ([`THINGS`]: `Wu Yi
//! tea`). The words come as `western` keys them: capitals, accents dropped.
//!
//! Measured on 10.9 MB of English (the corpus `western` names): 151 more lines masked, every span
//! a contributor's name (`Yongwei Wu`, `Kuang-che Wu`, `Chi-Deok Hwang`); no line of the earlier
//! shop-copy reviews changes. A black-box review's 150 messages with such names: 147 found; its
//! 250 lines of risky shop copy: 3 masked, none by these rules. Left out: surnames outside the
//! lists, and product names of three syllables after an opening word.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The syllables of Hanyu Pinyin without tones (GB/T 16159; `ü` as `v`, `u` and `yu`).
const PINYIN: &str = "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing \
bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu \
chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei \
den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei \
fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo \
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang \
jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua \
kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu \
lo long lou lu luan lun luo lv lve lyu lue ma mai man mang mao me mei men meng mi mian miao mie \
min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu \
nong nou nu nuan nuo nv nve nyu nue o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping \
po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng \
ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she \
shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo \
ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei \
wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi \
yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao \
zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan \
zui zun zuo";

/// Syllables of Chinese given names as Hong Kong, Macau, Taiwan, Singapore and Malaysia spell
/// them (Cantonese, Hokkien and Teochew, Wade–Giles): `Ka Wai`, `Siu Ming`, `Boon Huat`,
/// `Chih-hao`. With a Chinese surname, two of them (or Pinyin syllables) are a given name.
const CN_OTHER_SYLLABLES: &str = "ka wai man tai siu fung wing yan chi keung hoi ting ho kit \
yuk lan ming mei ling kin chun kwok hung yee wah yin kwan shing chung fai tak sze kei lok hin \
yiu pui suet chiu ngai hei lai shan nga sum lun kai cheuk tsz kam ying hui siew boon huat jia \
wen jie xiang eng hock seng kiat chye beng choon keng guan leng mui peng lay hwee swee poh soon \
yong liang kok meng chin chih hsien hsiung hsiao hsin hsu tsung tzu chia hsuan tseng chieh yu \
yi hao zhi kuan wan";

/// Chinese surnames: the 2020 ranking's first hundred in Pinyin, and the frequent Cantonese,
/// Hokkien and Wade–Giles spellings.
const CN_SURNAMES: &str = "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he \
lin gao luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang \
yu du ye cheng wei su lyu lu ding ren yao shen zhong cui tan fan liao shi jin jia xia fu fang zou \
xiong bai meng qin qiu hou yin xue yan duan lei long tao mao hao gu gong shao wan qian dai mo kong \
xiang chang kang yi qiao lai wen hong xin ke zhuang chan wong leung cheung lau lam ng ho tsang chow \
yeung tse chiu kwok fung chung yip lo lim teo goh koh ong chua tay yap hsu chiang tsai hung kuo \
cheng chou hsieh lai tseng";

/// Korean surnames: Statistics Korea's 2015 census, the most frequent, in the Revised
/// Romanization and the spellings people use (`Lee`, `Park`, `Choi`).
const KR_SURNAMES: &str = "kim gim lee yi rhee park bak pak choi choe jung jeong chung kang cho jo \
yoon yun jang chang lim im han oh seo suh shin sin kwon gwon hwang ahn song jeon jun hong yoo ryu \
ko moon mun yang son bae baek paik heo huh nam noh roh kwak gwak sung seong cha joo woo koo min jin \
eom um chae won chun cheon bang gong hyun";

/// The syllables Korean given names are most often made of, as they are spelt in Latin letters.
const KR_SYLLABLES: &str = "a ae ah bin bo bok bom byung byeong chae chan chang cheol chul chi \
choon chun da dae dal do dong deok duk eun eon ga gang geon geun gi gil gu guk gyu gyeong gyung ha \
hae han hee heon ho hong hoon hun hwa hwan hwi hye hyeok hyuk hyeon hyun hyo hyung hyeong il in ja \
jae jeong jung ji jin jo jong joo ju jun kang keun ki kil ku kwang gwang kyu kyung kyeong man mi min \
mo moon mun myung myeong na nam no ok ra rae ran ri rim rin ro ryun ryeong sae san sang se seo seok \
suk seon sun seong sung seul seung shik sik shin sin so sol soo su sook tae taek wan won woo wu \
wook uk ye yeon yun yeong young yong yoo yu yoon yul yung yang bi seok";

/// Vietnamese surnames, the most frequent (accents dropped).
const VN_SURNAMES: &str = "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly \
truong dinh lam mai trinh dao cao luu luong ha ta doan phung quach trieu tong kieu thai chau vuong";

/// The syllables Vietnamese middle and given names are most often made of (accents dropped).
const VN_SYLLABLES: &str = "the tran han an anh bao bich binh chau chi cuong dat diep dieu dung duc duy giang \
gia ha hai hanh hang hao hau hien hiep hieu hoa hoai hoan hoang hong hue hung huong huu huy huyen \
kha khai khang khanh khoa kien kim lam lan lien linh loan loc long luan ly mai minh my nam nga ngan nghia \
ngoc nhan nhat nhi nhu nhung oanh phat phong phuc phuong quan quang quoc quy quyen quynh sang son tai tam \
tan thang thanh thao thi thien thinh tho thu thuan thuy thuong tien tin toan tram trang tri trieu \
trinh trong truc trung tu tuan tung tuyet uyen van viet vinh vu vy xuan yen cong";

/// Syllables and surnames that are English words: a pair of two of these is none (`Sun Tan`,
/// `Long Men`, `Park Song`, `Ha Long`). With them, the frequent English words spelt as two
/// Pinyin syllables (`data/pinyin_english.txt`, written by
/// `tests/fixtures/make_pinyin_english.py` from `wordfreq`'s list: `Range`, `Change`, `Like`),
/// which are no given name (`Long Range`).
const ENGLISH: &str = "a an ban bang ben bin bo can chi dan die ding do dong fan fang gang go ha \
hang he hen ho in la le lie ling long ma man me men mi mo mu na no nu o oh on pa pan park pen pi pin \
ping po ran she so son song sun tan tang ten tie tin ting to wan won ya ye yen yo you moon mod bay \
mama papa dada baba haha lala nana mimi yoyo wing hung kit pan lay boon chin amen human woman women shaman panda manga hangman \
sega luna lima bali mali";

/// Given names that are places and brands (`Shanghai Tang`, `Xiaomi Mi`, `Huawei Mate`).
const NOT_GIVEN: &str = "shanghai beijing taiwan taipei xian henan hunan hebei hubei fujian \
sichuan yunnan guangdong guangxi jiangsu jiangxi anhui shandong shanxi qinghai gansu ningxia \
xinjiang xizang hainan wuhan nanjing tianjin chongqing chengdu hangzhou suzhou xiamen qingdao \
dalian shenyang kunming changsha zhengzhou jinan hefei fuzhou nanning guiyang lanzhou shenzhen \
dongguan foshan zhuhai wenzhou ningbo wuxi hanoi xiaomi huawei haier taobao baidu weibo meituan \
douyin anta lining temu shein zhihu didi wechat alipay";

/// Pairs that name things, not people (first word, second word).
const NOT_PEOPLE: &[(&str, &str)] = &[
    ("YIN", "YANG"),
    ("FENG", "SHUI"),
    ("MA", "PO"),
    ("HONG", "KONG"),
    ("LI", "NING"),
    ("TAI", "CHI"),
    ("MAI", "TAI"),
    ("MAO", "TAI"),
    ("WU", "TANG"),
    ("TANG", "YUAN"),
    ("PING", "AN"),
    ("XI", "AN"),
    ("SHEN", "ZHEN"),
    ("GUANG", "ZHOU"),
    ("HANG", "ZHOU"),
    ("SU", "ZHOU"),
    ("FU", "ZHOU"),
    ("ZHENG", "ZHOU"),
    ("LAN", "ZHOU"),
    ("BEI", "JING"),
    ("NAN", "JING"),
    ("CHONG", "QING"),
    ("TIAN", "JIN"),
    ("KUN", "MING"),
    ("HE", "FEI"),
    ("TAI", "YUAN"),
    ("SHANG", "HAI"),
    ("WU", "HAN"),
    ("CHANG", "SHA"),
    ("THAI", "BINH"),
    ("HA", "NOI"),
    ("LONG", "AN"),
    ("DONG", "NAI"),
    ("HOI", "AN"),
    ("HO", "CHI"),
    ("SHEN", "YUN"),
    ("GONG", "CHA"),
    ("GONG", "FU"),
    ("QI", "GONG"),
    ("HONG", "BAO"),
    ("WU", "WEI"),
    ("MA", "LA"),
    ("BAI", "JIU"),
    ("SHAO", "LIN"),
    ("HUO", "GUO"),
    ("XIAO", "LONG"),
    ("LONG", "JING"),
    ("DA", "HONG"),
    ("YUAN", "YANG"),
    ("YI", "JING"),
    ("DAO", "DE"),
    ("CHENG", "DU"),
    ("LEE", "KUM"),
    ("KIM", "CHI"),
    ("KIM", "BAP"),
    ("SAM", "SUNG"),
    ("HYUN", "DAI"),
];

/// Nouns that make the capitalised words before them a thing's or a place's name (`Wu Yi tea`,
/// `Gong Bao chicken`, `Jin Jiang hotel`, `Long Bien bridge`).
const THINGS: &str = "tea coffee beans teas noodle noodles chicken pork beef duck fish soup \
rice sauce dress silk hotel bridge mountain mountains stall style restaurant house cream cracker crackers cake \
cakes ice milk set mug bowl shop store brand tour street market temple garden river lake bay \
island beach dumpling dumplings bun buns dish recipe paste oil wine beer liquor baijiu spice \
powder candy snack snacks cookies chips tofu pot lantern lanterns print poster meditation \
cushion cushions exercise class lesson lessons festival province city district village road \
station airport university school hospital mall plaza tower cafe bar kitchen bakery menu \
peel fruit drink drinks jelly pancake pancakes bread sausage pickles kimchi band drama \
series show movie album song dance dynasty pattern design collection magazine brush jacket \
coat shirt sweater scarf hat bag bags shoes sneakers boots ornament postcard postcards photo \
book books lotion shampoo perfume candle soap towel blanket pillow sofa lamp doll toy jersey \
uniform";

struct Sets {
    pinyin: HashSet<String>,
    /// Pinyin and [`CN_OTHER_SYLLABLES`].
    cn_syllables: HashSet<String>,
    cn: HashSet<String>,
    kr: HashSet<String>,
    kr_syllables: HashSet<String>,
    vn: HashSet<String>,
    vn_syllables: HashSet<String>,
    english: HashSet<String>,
    not_given: HashSet<String>,
    things: HashSet<String>,
}

fn set(words: &str) -> HashSet<String> {
    words
        .split_whitespace()
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

static SETS: LazyLock<Sets> = LazyLock::new(|| Sets {
    pinyin: set(PINYIN),
    cn_syllables: set(&format!("{PINYIN} {CN_OTHER_SYLLABLES}")),
    cn: set(CN_SURNAMES),
    kr: set(KR_SURNAMES),
    kr_syllables: set(KR_SYLLABLES),
    vn: set(VN_SURNAMES),
    vn_syllables: set(VN_SYLLABLES),
    english: set(ENGLISH)
        .into_iter()
        .chain(set(include_str!("data/pinyin_english.txt")))
        .collect(),
    not_given: set(NOT_GIVEN),
    things: set(THINGS),
});

/// Whether `w` (any case) is a noun of [`THINGS`].
pub(crate) fn is_thing(w: &str) -> bool {
    SETS.things.contains(&w.to_ascii_uppercase())
}

/// Whether `w` is one or two syllables of `syllables`, joined or with one hyphen (`WEI`,
/// `XIAOMING`, `XIAO-MING`, `JI-HOON`).
fn syllables(w: &str, syllables: &HashSet<String>) -> bool {
    if let Some((a, b)) = w.split_once('-') {
        return syllables.contains(a) && syllables.contains(b);
    }
    syllables.contains(w)
        || (2..w.len()).any(|k| {
            w.is_char_boundary(k) && syllables.contains(&w[..k]) && syllables.contains(&w[k..])
        })
}

/// Whether the keys (`western::key`: capitals, accents dropped) of a run of two to four
/// capitalised words are a Chinese, Korean or Vietnamese name.
pub(crate) fn is_name(words: &[&str]) -> bool {
    let s = &*SETS;
    let english = |w: &str| s.english.contains(w);
    let not_people = |a: &str, b: &str| NOT_PEOPLE.iter().any(|&(x, y)| x == a && y == b);
    // A word doubled is a dish or a brand (`Dan Dan`, `Wang Wang`), not a name.
    if words
        .windows(2)
        .any(|p| not_people(p[0], p[1]) || p[0] == p[1])
    {
        return false;
    }
    // A given name of Pinyin syllables that is no place or brand and not one English word.
    let cn_given = |w: &str| {
        syllables(w, &s.pinyin) && !s.not_given.contains(w) && !(w.len() > 3 && english(w))
    };
    // Two Korean syllables (a given name is two; one is a word too often: `Park Min`).
    let kr_given = |w: &str| {
        w.len() >= 4 && syllables(w, &s.kr_syllables) && !s.kr_syllables.contains(w) && !english(w)
    };
    let vn_given = |w: &str| s.vn_syllables.contains(w);
    // A Chinese given name in two words (`Tai Man`, `Wei Ming`, `Boon Huat`), not both English.
    let cn_two = |b: &str, c: &str| {
        s.cn_syllables.contains(b) && s.cn_syllables.contains(c) && !(english(b) && english(c))
    };
    // Or one word of two such syllables with a hyphen (`Wing-yan`, `Chih-hao`).
    let cn_hyphened = |w: &str| {
        w.split_once('-')
            .is_some_and(|(x, y)| s.cn_syllables.contains(x) && s.cn_syllables.contains(y))
    };
    match *words {
        [a, b] => {
            if english(a) && english(b) {
                return false;
            }
            (s.cn.contains(a) && (cn_given(b) || cn_hyphened(b)))
                || ((cn_given(a) || cn_hyphened(a)) && s.cn.contains(b))
                || (s.kr.contains(a) && kr_given(b))
                || (kr_given(a) && s.kr.contains(b))
                || (s.vn.contains(a) && vn_given(b) && !english(b))
                // Vietnamese given name first, as abroad (`Linh Nguyen`, `Minh Tran`).
                || (vn_given(a) && s.vn.contains(b) && !english(a) && !english(b))
        }
        [a, b, c] => {
            // Korean, the given name's syllables apart (`Park Ji Hoon`).
            (s.kr.contains(a)
                && s.kr_syllables.contains(b)
                && s.kr_syllables.contains(c)
                && !(english(b) && english(c)))
                // Vietnamese: surname, middle name, given name; or given names first.
                || (s.vn.contains(a) && vn_given(b) && vn_given(c))
                || (vn_given(a) && vn_given(b) && s.vn.contains(c) && !english(c))
                // Chinese: surname, given name in two words (`Chan Tai Man`, `Tan Wei Ming`).
                || (s.cn.contains(a) && cn_two(b, c))
        }
        [a, b, c, d] => s.vn.contains(a) && vn_given(b) && vn_given(c) && vn_given(d),
        _ => false,
    }
}

/// The labels before a Chinese or Korean name in its own script: 姓名 (Chinese forms' name),
/// 이름, 성명, 성함 (Korean: name, full name, name in honorific).
const SCRIPT_LABELS: [&str; 21] = [
    "姓名",
    // Chinese: "I am", and the suffixes of a man's, a woman's, a young woman's name (see
    // `find_chinese_cued_names`).
    "我是",
    "先生",
    "女士",
    "小姐",
    "이름",
    "성명",
    "성함",
    // Chinese: "I am called", "my name is", a parcel's recipient, sender and contact.
    "我叫",
    "我的名字",
    "收件人",
    "收货人",
    "收貨人",
    "寄件人",
    "联系人",
    "聯絡人",
    "聯繫人",
    // Korean: a parcel's recipient and sender.
    "받는",
    "보내는",
    "수령인",
    "수취인",
];

/// Endings glued to a Korean name: the copula and particles (`이름은 김민수입니다`,
/// `김민수님`, `김민수 씨`).
const KOREAN_ENDINGS: [&str; 13] = [
    "입니다",
    "이에요",
    "예요",
    "이고",
    "이며",
    "님",
    "씨",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
];

/// The most common Korean surnames (Statistics Korea's 2015 census lists them by holders; these
/// cover over 95 % of the population), the two-syllable ones included.
const KOREAN_SURNAMES: [&str; 62] = [
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황",
    "안", "송", "전", "홍", "유", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하",
    "곽", "성", "차", "주", "우", "구", "민", "류", "나", "진", "지", "엄", "채", "원", "천", "방",
    "공", "현", "함", "변", "염", "여", "추", "도", "소", "석", "선", "황보", "남궁", "제갈",
];

/// Words of three syllables before 님 or 씨 that name a role, not a person (`이용자님`,
/// `정회원님`), though their first syllable is a surname.
const KOREAN_ROLES: [&str; 40] = [
    "신청인",
    "구독자",
    "방문자",
    "참여자",
    "후원자",
    "문의자",
    "입금자",
    "소비자",
    "안내자",
    "주문인",
    "이용자",
    "사용자",
    "구매자",
    "주문자",
    "신청자",
    "보호자",
    "관리자",
    "운영자",
    "판매자",
    "담당자",
    "안내원",
    "정회원",
    "상담원",
    "배송원",
    "전문가",
    "대표자",
    "작성자",
    "수신자",
    "발신자",
    "가입자",
    "예약자",
    "당첨자",
    "참가자",
    "지원자",
    "소유자",
    "대리인",
    "보증인",
    "수령인",
    "수취인",
    "의뢰인",
];

/// Titles before 님 that a name may stand before, after a space (`박지훈 고객님`): a customer,
/// a member, a teacher or doctor, and a company's ranks.
const KOREAN_TITLES: [&str; 12] = [
    "고객", "회원", "선생", "사장", "부장", "과장", "차장", "팀장", "실장", "원장", "교수", "대표",
];

/// Korean names before an honorific, without a label (`김민수 님께 연락 부탁드립니다`,
/// `박지훈씨`): three syllables, the first (or first two) a common surname, as a word of its
/// own, then `님` or `씨` (glued or after a space). A role's word is none (`이용자님`), nor a
/// word of two syllables (`선생님`, `아저씨`). The caller's byte scan saw Hangul.
pub(crate) fn find_korean_honorific_names(t: &str, out: &mut Vec<super::Match>) {
    // Syllables that make a word with 씨 glued after them (날씨 weather, 솜씨, 글씨, 말씨,
    // 마음씨, 아저씨, 아가씨, 불씨, 꽃씨, 볍씨, 맵시).
    const WITH_SSI: [char; 10] = ['날', '솜', '글', '말', '음', '저', '가', '불', '꽃', '볍'];
    for (at, h) in t.match_indices(['님', '씨', '귀']) {
        if h == "씨" && t[..at].ends_with(WITH_SSI) {
            continue;
        }
        // 귀하 (`박지훈 귀하`, a letter's addressee), as a word of its own.
        if h == "귀" {
            let word = t[at..].strip_prefix("귀하");
            if word.is_none_or(|rest| rest.chars().next().is_some_and(hangul)) {
                continue;
            }
        }
        let mut before = t[..at].strip_suffix(' ').unwrap_or(&t[..at]);
        // A title between the name and 님, after a space (`박지훈 고객님`, `김민수 회원님께`,
        // `이서연 선생님`); the title alone is none (`고객님께`).
        if h == "님"
            && let Some(title) = KOREAN_TITLES.iter().find(|w| t[..at].ends_with(*w))
            && let Some(name) = t[..at - title.len()].strip_suffix(' ')
        {
            before = name;
        }
        let syllables: Vec<(usize, char)> = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| hangul(c))
            .take(4)
            .collect();
        if syllables.len() != 3 {
            continue;
        }
        let start = syllables[2].0;
        let word = &before[start..];
        // A word of its own: no Hangul glued before it.
        if t[..start].chars().next_back().is_some_and(hangul) {
            continue;
        }
        let surname = KOREAN_SURNAMES.iter().any(|s| word.starts_with(s));
        if surname && !KOREAN_ROLES.contains(&word) {
            out.push(super::Match {
                kind: super::Kind::Name,
                start,
                end: before.len(),
            });
        }
    }
}

/// What people call themselves after 저는 that starts with a surname's syllable: a
/// nationality, an occupation, a member's or a customer's standing (`저는 한국인입니다`, `저는
/// 공무원이고`, `저는 유학생입니다`).
const KOREAN_SELF_DESCRIPTIONS: [&str; 24] = [
    "한국인",
    "한국사람",
    "외국인",
    "재일교포",
    "공무원",
    "정회원",
    "정규직",
    "신입생",
    "신규회원",
    "신입사원",
    "유학생",
    "전업주부",
    "주부",
    "고객",
    "고등학생",
    "구매자",
    "구독자",
    "임산부",
    "강사",
    "조선족",
    "장애인",
    "노인",
    "백수",
    "우리",
];

/// A Korean name in a self-introduction (`저는 김민수입니다`, `제 이름은 이영희예요`, `저는
/// 박지훈이라고 합니다`): after 저는 or 제 이름은, a word of two to four syllables whose first
/// (or first two) is a common surname, before the copula glued to it (입니다, 이에요, 예요,
/// 이고, 이라고, 라고). A role's word is none (`저는 구매자입니다`), nor a word that is not
/// followed by the copula (`저는 김치를 좋아합니다`).
pub(crate) fn find_korean_self_introductions(t: &str, out: &mut Vec<super::Match>) {
    const COPULAS: [&str; 6] = ["입니다", "이에요", "예요", "이고", "이라고", "라고"];
    for intro in ["저는 ", "제 이름은 "] {
        for (at, _) in t.match_indices(intro) {
            let start = at + intro.len();
            let run: usize = t[start..]
                .chars()
                .take_while(|&c| hangul(c))
                .map(char::len_utf8)
                .sum();
            let word = &t[start..start + run];
            let Some(name) = COPULAS.iter().find_map(|c| word.strip_suffix(c)) else {
                continue;
            };
            let n = name.chars().count();
            if (2..=4).contains(&n)
                && KOREAN_SURNAMES
                    .iter()
                    .any(|s| name.starts_with(s) && name != *s)
                && !KOREAN_ROLES.contains(&name)
                && !KOREAN_SELF_DESCRIPTIONS.contains(&name)
            {
                out.push(super::Match {
                    kind: super::Kind::Name,
                    start,
                    end: start + name.len(),
                });
            }
        }
    }
    // "I am called X" without 저는 (`안녕하세요, 김민수라고 합니다`): a word of three syllables,
    // a surname's first, before (이)라고 합니다.
    for cue in ["라고 합니다", "라고합니다"] {
        for (at, _) in t.match_indices(cue) {
            let before = &t[..at];
            let start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| hangul(c))
                .last()
                .map_or(at, |(i, _)| i);
            let word = &before[start..];
            let name = match word.chars().count() {
                3 => word,
                // 이 of the copula after a name that ends in a consonant.
                4 if word.ends_with('이') => &word[..word.len() - '이'.len_utf8()],
                _ => continue,
            };
            let end = start + name.len();
            if name.chars().count() == 3
                && KOREAN_SURNAMES.iter().any(|s| name.starts_with(s))
                && !KOREAN_ROLES.contains(&name)
                && !KOREAN_SELF_DESCRIPTIONS.contains(&name)
                && !out.iter().any(|m| m.start == start && m.end == end)
            {
                out.push(super::Match {
                    kind: super::Kind::Name,
                    start,
                    end,
                });
            }
        }
    }
}

/// A Hangul syllable (U+AC00–U+D7A3).
fn hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Polite particles glued after a Thai name (`ผมชื่อสมชายครับ`): the speaker's, not the name's.
const THAI_PARTICLES: [&str; 6] = ["ครับ", "ค่ะ", "คะ", "นะ", "จ้า", "ค่า"];

/// Names in Thai script after a form's label and a colon (`ชื่อ-นามสกุล:`, `ชื่อผู้รับ:`,
/// `ผู้รับ:`, `ผู้ส่ง:`, `ชื่อ:`) or a self-introduction (`ผมชื่อ`, `ฉันชื่อ`, `ดิฉันชื่อ`,
/// `หนูชื่อ`): a given name and a surname, written with a space between (Thai writes none
/// between other words), or a given name alone; a polite particle glued to the end
/// (`ครับ`, `ค่ะ`) is left. A label's word inside a longer one is none (`ชื่อสินค้า:` is a
/// product's name). Thai text is the only text here with a 0xE0 lead byte beside Japanese.
pub(crate) fn find_thai_names(t: &str, out: &mut Vec<super::Match>) {
    static LABELLED: LazyLock<regex::Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            r"(?:(?:ชื่อ[ ]?-[ ]?นามสกุล|ชื่อและนามสกุล|ชื่อผู้รับ|ผู้รับ|ผู้ส่ง|ชื่อ)[ ]*:|(?:ผม|ฉัน|ดิฉัน|หนู)ชื่อ)",
            r"[ ]*([\x{0E01}-\x{0E4E}]+(?:[ ][\x{0E01}-\x{0E4E}]+)?)",
        ))
    });
    if memchr::memchr(0xE0, t.as_bytes()).is_none() {
        return;
    }
    for c in LABELLED.captures_iter(t) {
        let Some(g) = c.get(1) else { continue };
        let mut name = g.as_str();
        while let Some(p) = THAI_PARTICLES.iter().find(|p| name.ends_with(*p)) {
            name = name[..name.len() - p.len()].trim_end();
        }
        if name.chars().count() >= 2 {
            out.push(super::Match {
                kind: super::Kind::Name,
                start: g.start(),
                end: g.start() + name.len(),
            });
        }
    }
}

/// Names in Chinese characters or Hangul after their label (`姓名：王小明`, `이름: 김민수`,
/// `이름은 김민수입니다`): two to four characters of one script, the next character of
/// another. After 姓名 a mark or a space is needed (`姓名判断` is fortune-telling by a
/// name's strokes); a Korean name may end in the copula or a particle.
pub(crate) fn find_script_names(t: &str, out: &mut Vec<super::Match>) {
    static CUES: LazyLock<super::keywords::Keywords> =
        LazyLock::new(|| super::keywords::Keywords::new(&[&SCRIPT_LABELS]));
    static LABELLED: LazyLock<regex::Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            r"(?:姓名[ ]*(?::|は|[ ])|(?:我叫|我的名字(?:是|叫))[ ]*:?",
            // A parcel's recipient, sender, contact: with a colon (`收件人 信息`, `받는 사람
            // 없음` are words).
            r"|(?:收件|收货|收貨|寄件|联系|聯絡|聯繫)人[ ]*:|(?:(?:받는|보내는)[ ]?(?:사람|분)|수령인|수취인)[ ]*:",
            r"|(?:이름|성명|성함)(?:[ ]*:|은|는|이|가|[ ]))",
            r"[ ]*([\p{Han}]{2,4}|[\p{Hangul}]{1,2}[ ]?[\p{Hangul}]{1,6})",
        ))
    });
    if CUES.groups(t) == 0 {
        return;
    }
    find_chinese_cued_names(t, out);
    for c in LABELLED.captures_iter(t) {
        let Some(g) = c.get(1) else { continue };
        let name = g.as_str();
        let next = t[g.end()..].chars().next();
        let end = if name.starts_with(hangul) {
            // The syllables of the name, then what may be glued to it.
            let syllables: Vec<(usize, char)> =
                name.char_indices().filter(|&(_, ch)| hangul(ch)).collect();
            let whole = !next.is_some_and(hangul);
            // Three syllables standing alone are a name (most Korean names have three, and
            // 하은, 지은 end in what is also a particle); else where an ending follows (the
            // longest such name; a one-syllable particle leaves three syllables at least),
            // else the whole run if it is short enough to be a name.
            let n = syllables.len();
            let ending = || {
                (2..=4.min(n)).rev().find(|&k| {
                    syllables.get(k).is_some_and(|&(at, _)| {
                        let rest = &t[g.start() + at..];
                        KOREAN_ENDINGS
                            .iter()
                            .any(|e| rest.starts_with(e) && (k >= 3 || e.chars().count() > 1))
                    })
                })
            };
            let cut = if whole && n == 3 {
                Some(3)
            } else {
                ending().or((whole && (2..=4).contains(&n)).then_some(n))
            };
            match cut {
                Some(n) => g.start() + syllables.get(n).map_or(name.len(), |&(i, _)| i),
                None => continue,
            }
        } else {
            if next.is_some_and(super::japanese::is_han) {
                continue;
            }
            g.end()
        };
        out.push(super::Match {
            kind: super::Kind::Name,
            start: g.start(),
            end: t[g.start()..end].trim_end().len() + g.start(),
        });
    }
}

/// The most common Chinese surnames in Han characters, simplified and traditional (the Ministry
/// of Public Security's 2019 ranking of the hundred commonest, about 85 % of the population,
/// and Taiwan's commonest), for names that only their context marks.
const CN_HAN_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤張劉陳楊黃趙吳鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾譚陸賈韋鄒閆賀顧龔萬錢嚴湯羅";

/// Chinese names that only their context marks, in Han characters: after 我是 ("I am":
/// `我是陈静，订单还没到`), or before 先生, 女士 or 小姐 (`请转交给王伟先生`, `收件人是李娜女士`):
/// a common surname and one or two characters. After 我是 the name stands alone (the next
/// character is no Han: `我是学生` is no name, nor is `我是第一次购买`).
fn find_chinese_cued_names(t: &str, out: &mut Vec<super::Match>) {
    let surname = |c: char| CN_HAN_SURNAMES.contains(c);
    let han = super::japanese::is_han;
    for (at, _) in t.match_indices("我是") {
        let rest = &t[at + "我是".len()..];
        let chars: Vec<(usize, char)> = rest.char_indices().take_while(|&(_, c)| han(c)).collect();
        if (2..=3).contains(&chars.len()) && surname(chars[0].1) {
            let start = at + "我是".len();
            let end = start + chars.last().map_or(0, |&(i, c)| i + c.len_utf8());
            out.push(super::Match {
                kind: super::Kind::Name,
                start,
                end,
            });
        }
    }
    for suffix in ["先生", "女士", "小姐"] {
        for (at, _) in t.match_indices(suffix) {
            let before: Vec<(usize, char)> = t[..at]
                .char_indices()
                .rev()
                .take(3)
                .take_while(|&(_, c)| han(c))
                .collect();
            // Three characters if the first is a surname, else two.
            let name = [3, 2]
                .into_iter()
                .find(|&n| before.len() >= n && surname(before[n - 1].1));
            if let Some(n) = name {
                out.push(super::Match {
                    kind: super::Kind::Name,
                    start: before[n - 1].0,
                    end: at,
                });
            }
        }
    }
}

/// The word a Taiwanese address holds (號, a building's number), searched with Taiwan's ID
/// labels (`national::TAIWAN_CUES`, one of which holds it) in `detect::Cues`.
pub(crate) const TAIWAN_ADDRESS_CUE: &str = "號";

/// Street addresses in Traditional Chinese or Hangul, as foreign customers write them:
/// - **Taiwanese** (Chunghwa Post's order): a city or county (市, 縣), a district or township
///   (區, 鄉, 鎮, 市), a road or street (路, 街, 大道) with its section (段), lane (巷) and alley
///   (弄), then the number (號) and floor (樓): `台北市信義區市府路1號`,
///   `新北市板橋區文化路一段188巷10號3樓`;
/// - **Korean** (the road-name addresses of the Ministry of the Interior and Safety, and the
///   older lot numbers): a province or metropolitan city (도, 특별시, 광역시), a city, county or
///   district (시, 군, 구), a road (로, 길) or a neighbourhood (동, 리, 가) and its number, then a
///   building and a unit (동, 호): `서울특별시 강남구 테헤란로 152`, `강남구 역삼동 823-1`,
///   `경기도 성남시 분당구 판교역로 235 101동 1203호`.
///
/// - **Mainland Chinese** (Simplified): a province or autonomous region (省, 自治区), a city
///   (市, 州, 盟), a district or county (区, 县, 旗), a town (镇, 乡, 街道), a road (路, 街,
///   大道, 胡同, 巷) and its number (号), then a building (号楼, 栋, 座), an entrance (单元) and a
///   room (室): `北京市朝阳区建国路88号`, `广东省深圳市南山区科技园南路1号3栋502室`.
///
/// The whole address is masked; a district alone (`강남구`, `信義區`, `朝阳区`) is none. The caller's cue
/// search says whether `t` may hold a Taiwanese (`taiwan`) or a Korean (`korean`) one.
pub(crate) fn find_script_addresses(
    t: &str,
    taiwan: bool,
    korean: bool,
    out: &mut Vec<super::Match>,
) {
    static TAIWAN: LazyLock<regex::Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            // A city's or a county's name is two characters (台北, 高雄, 彰化), so a word
            // before it (`請寄到高雄市…`) stays out; a district without one, one or two.
            r"(?:\p{Han}{2}(?:市|縣)[ ]?\p{Han}{1,3}|\p{Han}{1,2})(?:區|鄉|鎮|市)[ ]?",
            r"[\p{Han}0-9]{1,8}?(?:路|街|大道)(?:[ ]?[一二三四五六七八九十0-9]段)?",
            r"(?:[ ]?[0-9]{1,4}巷)?(?:[ ]?[0-9]{1,4}弄)?[ ]?[0-9]{1,5}(?:之[0-9]{1,3})?號",
            r"(?:[ ]?[0-9]{1,3}樓(?:之[0-9]{1,3})?)?",
        ))
    });
    static KOREAN: LazyLock<regex::Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            r"(?:\p{Hangul}{1,6}(?:특별자치시|특별자치도|특별시|광역시|도)[ ]+)?",
            r"(?:\p{Hangul}{1,6}(?:시|군|구)[ ]+){1,2}(?:\p{Hangul}{1,6}(?:읍|면)[ ]+)?",
            r"(?:[\p{Hangul}0-9]{1,12}(?:로|길)|\p{Hangul}{1,8}[0-9]?(?:동|리|가))[ ]*",
            r"[0-9]{1,5}(?:-[0-9]{1,5})?(?:번지)?",
            r"(?:,?[ ]+[0-9]{1,4}동)?(?:[ ]*[0-9]{1,5}호)?",
        ))
    });
    static MAINLAND: LazyLock<regex::Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            // A province (two characters but 黑龙江; the autonomous regions by name), a city
            // (two, or a longer one of the capitals and large cities by name), then a district
            // or county; or the district alone. Names are short, so a word before them stays
            // out (`请寄到广东省…`).
            r"(?:(?:\p{Han}{2}省|黑龙江省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|",
            r"新疆维吾尔自治区)[ ]?)?(?:(?:\p{Han}{2}|石家庄|哈尔滨|呼和浩特|乌鲁木齐|齐齐哈尔|",
            r"牡丹江|连云港|张家口|秦皇岛|马鞍山)(?:市|州|盟)[ ]?)?\p{Han}{1,4}(?:区|县|旗)[ ]?",
            r"(?:\p{Han}{1,6}(?:镇|乡|街道)[ ]?)?",
            r"[\p{Han}0-9]{1,8}?(?:路|街|大道|胡同|巷)(?:[ ]?[0-9]{1,4}(?:弄|巷))?",
            r"[ ]?[0-9]{1,5}(?:-[0-9]{1,5})?号(?:院)?",
            r"(?:[ ]?[0-9]{1,3}(?:号楼|栋|幢|座))?(?:[ ]?[0-9]{1,2}单元)?(?:[ ]?[0-9]{1,5}(?:室|房))?",
        ))
    });
    // Mainland China's addresses (Simplified Chinese: 区, 号) only where 号 and a road's word
    // stand: Japanese text has 号 often (番号, 号室) and a road's 路 seldom.
    // (One searcher per word for the run: building one per text cost more than the search.)
    static HAO: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("号"));
    static ROADS: LazyLock<[memchr::memmem::Finder<'static>; 5]> =
        LazyLock::new(|| ["路", "街", "道", "巷", "胡同"].map(memchr::memmem::Finder::new));
    let mainland = {
        let b = t.as_bytes();
        HAO.find(b).is_some() && ROADS.iter().any(|f| f.find(b).is_some())
    };
    for (cued, re) in [
        (taiwan, &*TAIWAN),
        (korean, &*KOREAN),
        (mainland, &*MAINLAND),
    ] {
        if !cued {
            continue;
        }
        for m in re.find_iter(t) {
            // Not inside a longer number (`1234號` after `5`).
            if t[m.end()..].starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            out.push(super::Match {
                kind: super::Kind::Address,
                start: m.start(),
                end: m.end(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn taiwanese_and_korean_addresses() {
        let found = |t: &str| {
            let mut out = Vec::new();
            super::find_script_addresses(t, true, true, &mut out);
            out.iter()
                .map(|m| t[m.start..m.end].to_string())
                .collect::<Vec<_>>()
        };
        for (t, want) in [
            ("地址:台北市信義區市府路1號", "台北市信義區市府路1號"),
            (
                "新北市板橋區文化路一段188巷10號3樓 收",
                "新北市板橋區文化路一段188巷10號3樓",
            ),
            ("高雄市前鎮區中山二路2號", "高雄市前鎮區中山二路2號"),
            ("請寄到高雄市前鎮區中山二路2號", "高雄市前鎮區中山二路2號"),
            (
                "주소: 서울특별시 강남구 테헤란로 152",
                "서울특별시 강남구 테헤란로 152",
            ),
            (
                "경기도 성남시 분당구 판교역로 235 101동 1203호",
                "경기도 성남시 분당구 판교역로 235 101동 1203호",
            ),
            ("강남구 역삼동 823-1 으로 보내주세요", "강남구 역삼동 823-1"),
            (
                "부산광역시 해운대구 해운대해변로 264",
                "부산광역시 해운대구 해운대해변로 264",
            ),
            // Mainland China's, in Simplified Chinese.
            ("地址：北京市朝阳区建国路88号", "北京市朝阳区建国路88号"),
            (
                "请寄到广东省深圳市南山区科技园南路1号3栋502室，谢谢",
                "广东省深圳市南山区科技园南路1号3栋502室",
            ),
            ("上海市浦东新区世纪大道100号", "上海市浦东新区世纪大道100号"),
            (
                "江苏省南京市鼓楼区中山北路18号2单元301室",
                "江苏省南京市鼓楼区中山北路18号2单元301室",
            ),
            ("北京市东城区南锣鼓巷59号", "北京市东城区南锣鼓巷59号"),
            (
                "黑龙江省哈尔滨市南岗区西大直街92号",
                "黑龙江省哈尔滨市南岗区西大直街92号",
            ),
        ] {
            assert_eq!(found(t), [want], "{t}");
        }
        for t in [
            "信義區の店舗",
            "강남구에 살아요",
            "테헤란로 152",
            "第3號倉庫",
            "2024년 3월 5일 동안",
            // A district alone, and Japanese text with 号 and a road's word.
            "朝阳区很大",
            "東京都港区の道路工事で、注文番号12号の配達が遅れます",
            "大阪市北区梅田1丁目2番3号 梅田第1ビル",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn chinese_and_korean_names_after_their_labels() {
        let names = |t: &str| {
            let mut out = Vec::new();
            super::find_script_names(t, &mut out);
            out.iter()
                .map(|m| t[m.start..m.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("姓名:王小明"), ["王小明"]);
        assert_eq!(names("姓名 欧阳娜娜,电话"), ["欧阳娜娜"]);
        assert_eq!(names("이름: 김민수"), ["김민수"]);
        assert_eq!(names("이름은 김민수입니다"), ["김민수"]);
        assert_eq!(names("성함: 박 지훈 님"), ["박 지훈"]);
        assert_eq!(names("성명 이서연씨"), ["이서연"]);
        assert_eq!(names("이름 이서연"), ["이서연"]);
        assert_eq!(names("이름이 김민수입니다"), ["김민수"]);
        assert_eq!(names("이름: 정하은"), ["정하은"]);
        assert_eq!(names("성함: 김민수는"), ["김민수"]);
        assert_eq!(names("이름: 남궁민수"), ["남궁민수"]);
        assert_eq!(names("我叫王伟,电话13912345678"), ["王伟"]);
        // Names only their context marks: after 我是, before 先生, 女士, 小姐.
        assert_eq!(names("您好,我是陈静,订单还没到。"), ["陈静"]);
        assert_eq!(names("我是王小明,想退货。"), ["王小明"]);
        assert_eq!(names("请转交给王伟先生。"), ["王伟"]);
        assert_eq!(names("收件人是李娜女士"), ["李娜"]);
        assert_eq!(names("张伟先生您好"), ["张伟"]);
        assert!(names("我是学生。").is_empty());
        // After 姓名 a name glued to more Han characters is not taken by its label, but before
        // 先生 it is one.
        assert_eq!(names("姓名:王小明先生的"), ["王小明"]);
        assert!(names("我是第一次购买。").is_empty());
        assert_eq!(names("我的名字是李娜。"), ["李娜"]);
        assert_eq!(names("收件人:张三 地址"), ["张三"]);
        assert_eq!(names("聯絡人: 陳美玲"), ["陳美玲"]);
        assert_eq!(names("받는 사람: 이서연"), ["이서연"]);
        assert_eq!(names("보내는사람:김민수"), ["김민수"]);
        assert_eq!(names("받는 분: 박지훈"), ["박지훈"]);
        assert_eq!(names("수령인: 박지훈님"), ["박지훈"]);
        for t in [
            "姓名判断の本",
            "이름을 입력하세요",
            "이름: 가나다라마바",
            "收件人信息请填写完整",
            "받는 사람이 없습니다",
            "받는 사람 없음",
            "收件人 信息",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
    }

    use super::*;

    /// The spans `find` finds in `t`, as text.
    fn found_by(find: fn(&str, &mut Vec<crate::detect::Match>), t: &str) -> Vec<String> {
        let mut out = Vec::new();
        find(t, &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn korean_names_before_an_honorific() {
        let found = |t: &str| found_by(find_korean_honorific_names, t);
        assert_eq!(found("김민수 님께 연락 부탁드립니다."), ["김민수"]);
        assert_eq!(found("박지훈씨, 감사합니다"), ["박지훈"]);
        assert_eq!(found("안녕하세요 이서연님"), ["이서연"]);
        // A title between the name and 님, and 귀하.
        assert_eq!(found("박지훈 고객님 안녕하세요"), ["박지훈"]);
        assert_eq!(found("김민수 회원님께 안내드립니다"), ["김민수"]);
        assert_eq!(found("이서연 선생님"), ["이서연"]);
        assert_eq!(found("최지우 귀하"), ["최지우"]);
        assert!(found("고객님께 안내드립니다").is_empty());
        assert!(found("신규 고객님").is_empty());
        assert!(found("귀하의 주문").is_empty());
        assert!(found("최지우 귀하게").is_empty());
        for t in [
            "선생님 감사합니다",
            "고객님께",
            "이용자님 안녕하세요",
            "구독자님 감사합니다",
            "정회원님",
            "아저씨",
            "오늘날씨",
            "안녕하세요김민수님",
            "할머님",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn korean_self_introductions() {
        let found = |t: &str| found_by(find_korean_self_introductions, t);
        assert_eq!(found("저는 김민수입니다. 연락처 010-1234-5678"), ["김민수"]);
        assert_eq!(found("안녕하세요, 제 이름은 이영희예요"), ["이영희"]);
        assert_eq!(found("저는 박지훈이라고 합니다"), ["박지훈"]);
        assert_eq!(found("저는 남궁민수입니다"), ["남궁민수"]);
        // (이)라고 합니다 without 저는.
        assert_eq!(found("안녕하세요, 김민수라고 합니다."), ["김민수"]);
        assert_eq!(found("박지훈이라고 합니다"), ["박지훈"]);
        assert!(found("이것은 사과라고 합니다").is_empty());
        for t in [
            "저는 구매자입니다",
            "저는 김치를 좋아합니다",
            "저는 학생입니다",
            "저는 이입니다",
            "저는 회사원이고",
            "저는 한국인입니다",
            "저는 유학생이에요",
            "저는 주부입니다",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn thai_names_after_labels_and_self_introductions() {
        let found = |t: &str| found_by(find_thai_names, t);
        for (text, name) in [
            ("ผมชื่อสมชาย ใจดี", "สมชาย ใจดี"),
            ("ดิฉันชื่อสมศรีค่ะ", "สมศรี"),
            ("ชื่อ-นามสกุล: สมหญิง รักไทย", "สมหญิง รักไทย"),
            ("ผู้รับ: นายสมชาย ใจดี โทร 0812345678", "นายสมชาย ใจดี"),
            ("ชื่อ: มานี มีนา", "มานี มีนา"),
        ] {
            assert_eq!(found(text), [name], "{text}");
        }
        for text in ["ชื่อสินค้า: เสื้อยืด", "ชื่อ", "ขอบคุณครับ"]
        {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    fn name(t: &str) -> bool {
        let keys: Vec<String> = t.split(' ').map(|w| w.to_ascii_uppercase()).collect();
        is_name(&keys.iter().map(String::as_str).collect::<Vec<_>>())
    }

    #[test]
    fn chinese_korean_and_vietnamese_names() {
        for t in [
            "Wei Zhang",
            "Zhang Wei",
            "Liu Yang",
            "Chen Xiaoming",
            "Xiao-Ming Chen",
            "Wang Fang",
            "Li Na",
            "Deng Xiaoping",
            "Chan Tai",
            "Park Ji-hoon",
            "Lee Seo-yeon",
            "Choi Minho",
            "Jihoon Park",
            "Kim Min Jun",
            "Nguyen Van An",
            "Tran Thi Hoa",
            "Pham Minh Tuan",
            "Nguyen Thi Thu Ha",
            "Nguyen Linh",
            "Chan Tai Man",
            "Wong Ka Wai",
            "Tan Wei Ming",
            "Lim Hui Min",
            "Teo Boon Huat",
            "Cheung Wing-yan",
            "Lin Chih-hao",
            "Linh Nguyen",
            "Minh Tran",
            "Kwon Eun-bi",
            "Ly Gia Han",
            "Vo Ngoc Tran",
            "Luong The Hieu",
            "Shin Tae-yang",
            "Dang Van Lam",
        ] {
            assert!(name(t), "{t}");
        }
    }

    #[test]
    fn things_words_and_places_are_not() {
        for t in [
            "Sun Tan",
            // A surname and an English word spelt as two syllables (a car's trim, a product).
            "Long Range",
            "Wang Change",
            "Long Men",
            "Ha Long",
            "He Man",
            "Park Song",
            "Yin Yang",
            "Feng Shui",
            "Shanghai Tang",
            "Ho Chi Minh",
            "Guang Zhou",
            "Song Title",
            "Park Avenue",
            "Long Island",
            "Mai Tai",
            "Pan Am",
            "Li Ning",
            "Panda Wang",
            "Park Min",
            "Moon Walk",
            "Dan Dan",
            "Wang Wang",
            "Lay Chin",
            "Shen Yun",
            "Gong Cha",
            "Shao Lin",
            "Xiao Long",
        ] {
            assert!(!name(t), "{t}");
        }
    }
}
