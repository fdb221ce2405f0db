#!/usr/bin/env python3
"""Deterministic generator of SYNTHETIC test data for tokumei.

Models a Japanese e-commerce shop: a customer master (customers.csv) and a web
access log (access_log.csv).  Every name, e-mail address, phone number, address,
My Number and card number is a random combination of pooled parts; none belongs
to a real person.  My Numbers carry a valid check digit and card numbers a valid
Luhn digit, so detectors that validate them have something to find.

    python3 sample_data/generate.py --out DIR [--customers N] [--log-rows M] [--seed S]

Only the standard library is used.  All randomness comes from random.Random
instances seeded from --seed, so the same arguments (on the same Python
version) give byte-identical files.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import os
import sys
from itertools import accumulate
from random import Random
from urllib.parse import quote, quote_plus

# --------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------

JST = dt.timezone(dt.timedelta(hours=9))
UTC = dt.timezone.utc
REF_DATE = dt.date(2026, 11, 25)  # "today" for ages
SIGNUP_FROM = dt.datetime(2015, 1, 1, tzinfo=JST)
SIGNUP_TO = dt.datetime(2026, 11, 20, 23, 59, 59, tzinfo=JST)
LOG_FROM = dt.datetime(2026, 9, 1, tzinfo=JST)
LOG_TO = dt.datetime(2026, 12, 1, tzinfo=JST)  # exclusive
SHOP = "https://shop.example.jp"

CUSTOMER_COLUMNS = [
    "customer_id", "name", "name_kana", "email", "phone", "birth_date", "gender",
    "postal_code", "address", "my_number", "card_number", "signup_at", "total_spent",
    "order_count", "inquiry",
]
LOG_COLUMNS = [
    "timestamp", "ip", "customer_id", "cookie_id", "method", "url", "status", "bytes",
    "referrer", "user_agent", "device_model",
]

FW_SPACE = "\u3000"
# ASCII -> full-width (digits, letters, punctuation); space -> ideographic space
_FW_ALL = {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_FW_ALL[0x20] = 0x3000
FW_ALL = str.maketrans(_FW_ALL)
FW_TO_ASCII = str.maketrans({c + 0xFEE0: c for c in range(0x21, 0x7F)})
FW_DIGITS = str.maketrans({**{c: chr(c + 0xFEE0) for c in range(0x30, 0x3A)}, "-": "\uFF0D"})
KANJI_NUM = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

# --------------------------------------------------------------------------------------
# Name pools: (kanji, katakana, romaji).  Order ~ frequency; weights fall off with rank.
# --------------------------------------------------------------------------------------

SURNAMES = [tuple(x.split("|")) for x in """
佐藤|サトウ|sato 鈴木|スズキ|suzuki 高橋|タカハシ|takahashi 田中|タナカ|tanaka
伊藤|イトウ|ito 渡辺|ワタナベ|watanabe 山本|ヤマモト|yamamoto 中村|ナカムラ|nakamura
小林|コバヤシ|kobayashi 加藤|カトウ|kato 吉田|ヨシダ|yoshida 山田|ヤマダ|yamada
佐々木|ササキ|sasaki 山口|ヤマグチ|yamaguchi 松本|マツモト|matsumoto 井上|イノウエ|inoue
木村|キムラ|kimura 林|ハヤシ|hayashi 斎藤|サイトウ|saito 清水|シミズ|shimizu
山崎|ヤマザキ|yamazaki 森|モリ|mori 池田|イケダ|ikeda 橋本|ハシモト|hashimoto
阿部|アベ|abe 石川|イシカワ|ishikawa 山下|ヤマシタ|yamashita 中島|ナカジマ|nakajima
石井|イシイ|ishii 小川|オガワ|ogawa 前田|マエダ|maeda 岡田|オカダ|okada
長谷川|ハセガワ|hasegawa 藤田|フジタ|fujita 後藤|ゴトウ|goto 近藤|コンドウ|kondo
村上|ムラカミ|murakami 遠藤|エンドウ|endo 青木|アオキ|aoki 坂本|サカモト|sakamoto
斉藤|サイトウ|saito 福田|フクダ|fukuda 太田|オオタ|ota 西村|ニシムラ|nishimura
藤井|フジイ|fujii 金子|カネコ|kaneko 岡本|オカモト|okamoto 藤原|フジワラ|fujiwara
中野|ナカノ|nakano 三浦|ミウラ|miura 原田|ハラダ|harada 中川|ナカガワ|nakagawa
松田|マツダ|matsuda 竹内|タケウチ|takeuchi 小野|オノ|ono 田村|タムラ|tamura
中山|ナカヤマ|nakayama 和田|ワダ|wada 石田|イシダ|ishida 森田|モリタ|morita
上田|ウエダ|ueda 原|ハラ|hara 内田|ウチダ|uchida 柴田|シバタ|shibata
酒井|サカイ|sakai 宮崎|ミヤザキ|miyazaki 横山|ヨコヤマ|yokoyama 高木|タカギ|takagi
安藤|アンドウ|ando 宮本|ミヤモト|miyamoto 大野|オオノ|ono 小島|コジマ|kojima
谷口|タニグチ|taniguchi 今井|イマイ|imai 工藤|クドウ|kudo 高田|タカダ|takada
増田|マスダ|masuda 丸山|マルヤマ|maruyama 杉山|スギヤマ|sugiyama 村田|ムラタ|murata
大塚|オオツカ|otsuka 新井|アライ|arai 小山|コヤマ|koyama 平野|ヒラノ|hirano
藤本|フジモト|fujimoto 河野|コウノ|kono 上野|ウエノ|ueno 野口|ノグチ|noguchi
武田|タケダ|takeda 松井|マツイ|matsui 千葉|チバ|chiba 岩崎|イワサキ|iwasaki
菅原|スガワラ|sugawara 木下|キノシタ|kinoshita 久保|クボ|kubo 佐野|サノ|sano
野村|ノムラ|nomura 松尾|マツオ|matsuo 市川|イチカワ|ichikawa 菊地|キクチ|kikuchi
杉本|スギモト|sugimoto 古川|フルカワ|furukawa 大西|オオニシ|onishi 島田|シマダ|shimada
水野|ミズノ|mizuno 桜井|サクライ|sakurai 高野|タカノ|takano 渡部|ワタナベ|watanabe
吉川|ヨシカワ|yoshikawa 山内|ヤマウチ|yamauchi 西田|ニシダ|nishida 飯田|イイダ|iida
菊池|キクチ|kikuchi 西川|ニシカワ|nishikawa 小松|コマツ|komatsu 北村|キタムラ|kitamura
安田|ヤスダ|yasuda 五十嵐|イガラシ|igarashi 川口|カワグチ|kawaguchi 平田|ヒラタ|hirata
関|セキ|seki 中田|ナカタ|nakata 東|アズマ|azuma 服部|ハットリ|hattori
""".split()]

# (kanji, kana, romaji, era) — era: o = typical of people born before ~1960,
# m = 1960-1990, y = after 1990.  Used to make names plausible for the birth year.
MALE_NAMES = [tuple(x.split("|")) for x in """
太郎|タロウ|taro|m 一郎|イチロウ|ichiro|o 健太|ケンタ|kenta|m 翔太|ショウタ|shota|y
大輔|ダイスケ|daisuke|m 拓也|タクヤ|takuya|m 直樹|ナオキ|naoki|m 誠|マコト|makoto|m
浩|ヒロシ|hiroshi|o 隆|タカシ|takashi|o 健一|ケンイチ|kenichi|m 和也|カズヤ|kazuya|m
達也|タツヤ|tatsuya|m 翔|ショウ|sho|y 蓮|レン|ren|y 陽翔|ハルト|haruto|y
湊|ミナト|minato|y 悠真|ユウマ|yuma|y 大和|ヤマト|yamato|y 陸|リク|riku|y
颯太|ソウタ|sota|y 悠人|ユウト|yuto|y 樹|イツキ|itsuki|y 大翔|ヒロト|hiroto|y
健|ケン|ken|m 修|オサム|osamu|o 茂|シゲル|shigeru|o 清|キヨシ|kiyoshi|o
勇|イサム|isamu|o 剛|ツヨシ|tsuyoshi|m 亮|リョウ|ryo|m 涼介|リョウスケ|ryosuke|m
雄一|ユウイチ|yuichi|m 正樹|マサキ|masaki|m 康弘|ヤスヒロ|yasuhiro|m 秀樹|ヒデキ|hideki|m
智也|トモヤ|tomoya|m 俊介|シュンスケ|shunsuke|m 優斗|ユウト|yuto|y 海斗|カイト|kaito|y
翼|ツバサ|tsubasa|y 聡|サトシ|satoshi|m 純一|ジュンイチ|junichi|m 義男|ヨシオ|yoshio|o
正男|マサオ|masao|o 三郎|サブロウ|saburo|o 功|イサオ|isao|o 実|ミノル|minoru|o
進|ススム|susumu|o 大樹|ダイキ|daiki|y
""".split()]

FEMALE_NAMES = [tuple(x.split("|")) for x in """
花子|ハナコ|hanako|o 陽子|ヨウコ|yoko|m 恵子|ケイコ|keiko|o 幸子|サチコ|sachiko|o
京子|キョウコ|kyoko|o 裕子|ユウコ|yuko|m 美穂|ミホ|miho|m 直美|ナオミ|naomi|m
久美子|クミコ|kumiko|m 由美|ユミ|yumi|m 真由美|マユミ|mayumi|m 智子|トモコ|tomoko|m
愛|アイ|ai|m 彩|アヤ|aya|m 舞|マイ|mai|m 美咲|ミサキ|misaki|y
さくら|サクラ|sakura|y 陽菜|ヒナ|hina|y 結衣|ユイ|yui|y 凛|リン|rin|y
芽依|メイ|mei|y 結菜|ユイナ|yuina|y 莉子|リコ|riko|y 美優|ミユ|miyu|y
七海|ナナミ|nanami|y 杏|アン|an|y 紬|ツムギ|tsumugi|y 澪|ミオ|mio|y
楓|カエデ|kaede|y 千尋|チヒロ|chihiro|m 明美|アケミ|akemi|m 和子|カズコ|kazuko|o
節子|セツコ|setsuko|o 洋子|ヨウコ|yoko|o 典子|ノリコ|noriko|m 恵美|エミ|emi|m
麻衣|マイ|mai|m 香織|カオリ|kaori|m 沙織|サオリ|saori|m 瞳|ヒトミ|hitomi|m
涼子|リョウコ|ryoko|m 美香|ミカ|mika|m 奈々|ナナ|nana|y 優子|ユウコ|yuko|m
彩花|アヤカ|ayaka|y 美月|ミヅキ|mizuki|y 愛子|アイコ|aiko|o 文子|フミコ|fumiko|o
静子|シズコ|shizuko|o 芳子|ヨシコ|yoshiko|o
""".split()]

UNISEX_NAMES = [tuple(x.split("|")) for x in """
光|ヒカル|hikaru|m 葵|アオイ|aoi|y 薫|カオル|kaoru|m 真琴|マコト|makoto|y
晶|アキラ|akira|m 遥|ハルカ|haruka|y 忍|シノブ|shinobu|m 渚|ナギサ|nagisa|y
和美|カズミ|kazumi|m 蒼|アオイ|aoi|y 悠|ユウ|yu|y 瑞希|ミズキ|mizuki|y
""".split()]

# --------------------------------------------------------------------------------------
# Geography.  Prefecture -> (population weight in 100k, first-3-digit postal range,
# default area code, municipalities).  Municipality spec: "name|area code|town,town".
# Towns listed are real 町域 of that municipality; when the list is empty a generic
# town name is used.  郡 municipalities (and 東京都大島町) get rural 番地 addresses.
# --------------------------------------------------------------------------------------

PREFECTURES = [
    ("北海道", 51, (40, 99), [
        "札幌市中央区|011|大通西,北1条西,南3条西,宮の森1条", "札幌市北区|011|北7条西,新琴似,麻生町",
        "旭川市|0166|宮下通,4条通", "函館市|0138|本町,五稜郭町,湯川町", "小樽市|0134|稲穂,花園",
        "虻田郡ニセコ町|0136|字中央通,字曽我"]),
    ("青森県", 12, (30, 39), [
        "青森市|017|新町,古川,安方", "弘前市|0172|土手町,本町", "八戸市|0178|三日町,番町",
        "三戸郡五戸町|0178|"]),
    ("岩手県", 12, (20, 29), [
        "盛岡市|019|大通,中央通,本町通", "一関市|0191|", "奥州市|0197|", "紫波郡紫波町|019|"]),
    ("宮城県", 23, (980, 989), [
        "仙台市青葉区|022|一番町,国分町,中央", "仙台市宮城野区|022|榴岡,五輪", "石巻市|0225|",
        "名取市|022|", "宮城郡松島町|022|"]),
    ("秋田県", 9, (10, 19), [
        "秋田市|018|中通,大町,山王", "横手市|0182|", "大仙市|0187|", "仙北郡美郷町|0187|"]),
    ("山形県", 10, (990, 999), [
        "山形市|023|七日町,香澄町,本町", "米沢市|0238|", "鶴岡市|0235|", "東村山郡山辺町|023|"]),
    ("福島県", 18, (960, 979), [
        "福島市|024|栄町,大町", "郡山市|024|駅前,堂前町", "いわき市|0246|平", "会津若松市|0242|栄町,大町",
        "耶麻郡猪苗代町|0242|"]),
    ("茨城県", 28, (300, 319), [
        "水戸市|029|南町,泉町,宮町", "つくば市|029|吾妻,竹園,研究学園", "日立市|0294|", "土浦市|029|",
        "那珂郡東海村|029|"]),
    ("栃木県", 19, (320, 329), [
        "宇都宮市|028|馬場通り,本町", "小山市|0285|", "足利市|0284|", "那須郡那須町|0287|"]),
    ("群馬県", 19, (370, 379), [
        "前橋市|027|本町,千代田町,大手町", "高崎市|027|八島町,連雀町", "太田市|0276|", "吾妻郡草津町|0279|"]),
    ("埼玉県", 73, (330, 369), [
        "さいたま市浦和区|048|高砂,仲町,岸町", "さいたま市大宮区|048|桜木町,大門町", "川口市|048|本町,栄町",
        "川越市|049|脇田町,新富町", "所沢市|04|", "越谷市|048|", "入間郡毛呂山町|049|"]),
    ("千葉県", 63, (260, 299), [
        "千葉市中央区|043|富士見,新町,中央", "船橋市|047|本町,湊町", "市川市|047|八幡,南八幡,市川",
        "松戸市|047|", "柏市|04|柏,旭町", "浦安市|047|舞浜,美浜", "市原市|0436|", "印旛郡酒々井町|043|"]),
    ("東京都", 140, (100, 208), [
        "千代田区|03|丸の内,永田町,神田神保町", "新宿区|03|西新宿,新宿,高田馬場,神楽坂",
        "世田谷区|03|三軒茶屋,太子堂,成城,用賀", "渋谷区|03|渋谷,神南,恵比寿", "大田区|03|蒲田,大森北",
        "練馬区|03|豊玉北,石神井町", "足立区|03|千住,綾瀬", "江戸川区|03|西葛西,南小岩",
        "八王子市|042|旭町,横山町,明神町", "町田市|042|原町田,中町,森野", "東村山市|042|本町,久米川町,野口町",
        "羽村市|042|羽東,緑ヶ丘", "武蔵野市|0422|吉祥寺本町,中町", "西多摩郡奥多摩町|0428|氷川",
        "大島町|04992|元町"]),
    ("神奈川県", 92, (210, 259), [
        "横浜市港北区|045|新横浜,日吉,綱島西", "横浜市中区|045|山下町,本町,元町", "横浜市西区|045|みなとみらい,高島",
        "川崎市中原区|044|小杉町,新丸子町", "相模原市中央区|042|相模原,中央", "藤沢市|0466|藤沢,鵠沼海岸",
        "横須賀市|046|", "足柄下郡箱根町|0460|湯本,宮ノ下"]),
    ("新潟県", 21, (940, 959), [
        "新潟市中央区|025|古町通,万代,東大通", "長岡市|0258|大手通", "十日町市|025|", "上越市|025|",
        "南魚沼郡湯沢町|025|"]),
    ("富山県", 10, (930, 939), [
        "富山市|076|総曲輪,桜町,新富町", "高岡市|0766|", "黒部市|0765|", "中新川郡立山町|076|"]),
    ("石川県", 11, (920, 929), [
        "金沢市|076|香林坊,片町,広坂", "小松市|0761|", "野々市市|076|", "河北郡津幡町|076|"]),
    ("福井県", 7.5, (910, 919), [
        "福井市|0776|大手,中央,順化", "敦賀市|0770|", "坂井市|0776|", "三方上中郡若狭町|0770|"]),
    ("山梨県", 8, (400, 409), [
        "甲府市|055|丸の内,中央,相生", "富士吉田市|0555|", "北杜市|0551|", "南都留郡富士河口湖町|0555|"]),
    ("長野県", 20, (380, 399), [
        "長野市|026|南長野,鶴賀,大門町", "松本市|0263|中央,深志", "上田市|0268|",
        "北佐久郡軽井沢町|0267|大字軽井沢,大字長倉", "下伊那郡阿智村|0265|"]),
    ("岐阜県", 19, (500, 509), [
        "岐阜市|058|神田町,金町", "大垣市|0584|", "高山市|0577|花川町,上三之町", "多治見市|0572|",
        "大野郡白川村|05769|大字荻町"]),
    ("静岡県", 36, (410, 439), [
        "静岡市葵区|054|紺屋町,呉服町,追手町", "浜松市中央区|053|砂山町,鍛冶町", "沼津市|055|", "富士市|0545|",
        "熱海市|0557|", "賀茂郡東伊豆町|0557|"]),
    ("愛知県", 75, (440, 498), [
        "名古屋市中村区|052|名駅,椿町", "名古屋市中区|052|栄,錦,丸の内", "名古屋市千種区|052|今池",
        "豊田市|0565|西町,元城町", "岡崎市|0564|康生町,明大寺町", "一宮市|0586|", "豊橋市|0532|",
        "知多郡東浦町|0562|"]),
    ("三重県", 17, (510, 519), [
        "津市|059|丸之内,大門", "四日市市|059|諏訪町,浜田町,西新地", "伊勢市|0596|", "鈴鹿市|059|",
        "桑名市|0594|", "度会郡玉城町|0596|"]),
    ("滋賀県", 14, (520, 529), [
        "大津市|077|浜大津,京町,打出浜", "草津市|077|", "彦根市|0749|", "長浜市|0749|", "蒲生郡日野町|0748|"]),
    ("京都府", 25, (600, 629), [
        "京都市中京区|075|西ノ京円町,壬生朱雀町,河原町通三条上る恵比須町", "京都市左京区|075|",
        "宇治市|0774|", "福知山市|0773|", "舞鶴市|0773|", "相楽郡精華町|0774|"]),
    ("大阪府", 88, (530, 599), [
        "大阪市北区|06|梅田,曽根崎,天神橋", "大阪市中央区|06|難波,心斎橋筋,本町", "大阪市浪速区|06|日本橋,難波中",
        "堺市堺区|072|南瓦町", "豊中市|06|本町,新千里東町", "吹田市|06|江坂町,千里山西", "東大阪市|06|荒本北",
        "枚方市|072|", "南河内郡千早赤阪村|0721|"]),
    ("兵庫県", 54, (650, 679), [
        "神戸市中央区|078|三宮町,元町通,北野町", "神戸市灘区|078|六甲台町", "姫路市|079|本町,駅前町",
        "西宮市|0798|甲子園町,北口町", "尼崎市|06|昭和通", "明石市|078|", "美方郡香美町|0796|"]),
    ("奈良県", 13, (630, 639), [
        "奈良市|0742|三条町,登大路町,東向中町", "橿原市|0744|", "生駒市|0743|", "吉野郡吉野町|0746|"]),
    ("和歌山県", 9, (640, 649), [
        "和歌山市|073|本町,小松原通", "田辺市|0739|", "橋本市|0736|", "西牟婁郡白浜町|0739|"]),
    ("鳥取県", 5.4, (680, 689), [
        "鳥取市|0857|栄町,末広温泉町", "米子市|0859|角盤町,皆生温泉", "倉吉市|0858|", "東伯郡湯梨浜町|0858|"]),
    ("島根県", 6.5, (690, 699), [
        "松江市|0852|殿町,朝日町,末次本町", "出雲市|0853|今市町", "浜田市|0855|", "隠岐郡隠岐の島町|08512|"]),
    ("岡山県", 18, (700, 719), [
        "岡山市北区|086|表町,駅前町,本町", "倉敷市|086|阿知,中央", "津山市|0868|", "真庭市|0867|",
        "勝田郡勝央町|0868|"]),
    ("広島県", 27, (720, 739), [
        "広島市中区|082|紙屋町,八丁堀,大手町", "広島市南区|082|松原町,比治山本町", "福山市|084|東桜町,元町",
        "廿日市市|0829|本町,宮島町", "呉市|0823|", "尾道市|0848|", "山県郡北広島町|0826|"]),
    ("山口県", 13, (740, 759), [
        "山口市|083|中市町,道場門前", "下関市|083|竹崎町,豊前田町", "宇部市|0836|", "周南市|0834|",
        "岩国市|0827|", "大島郡周防大島町|0820|"]),
    ("徳島県", 7, (770, 779), [
        "徳島市|088|寺島本町西,元町", "鳴門市|088|", "阿南市|0884|", "名西郡石井町|088|"]),
    ("香川県", 9.3, (760, 769), [
        "高松市|087|丸亀町,瓦町,番町", "丸亀市|0877|", "坂出市|0877|", "小豆郡小豆島町|0879|"]),
    ("愛媛県", 13, (790, 799), [
        "松山市|089|大街道,湊町,道後湯之町", "今治市|0898|", "新居浜市|0897|", "宇和島市|0895|",
        "伊予郡砥部町|089|"]),
    ("高知県", 6.8, (780, 789), [
        "高知市|088|帯屋町,本町,はりまや町", "南国市|088|", "四万十市|0880|", "吾川郡いの町|088|"]),
    ("福岡県", 51, (800, 839), [
        "福岡市中央区|092|天神,大名,警固", "福岡市博多区|092|博多駅前,中洲,祇園町",
        "北九州市小倉北区|093|魚町,京町,浅野", "久留米市|0942|東町,日吉町", "飯塚市|0948|", "糟屋郡粕屋町|092|"]),
    ("佐賀県", 8, (840, 849), [
        "佐賀市|0952|白山,駅前中央,松原", "唐津市|0955|", "鳥栖市|0942|", "西松浦郡有田町|0955|"]),
    ("長崎県", 13, (850, 859), [
        "長崎市|095|浜町,万屋町", "佐世保市|0956|島瀬町,栄町", "諫早市|0957|", "大村市|0957|",
        "東彼杵郡波佐見町|0956|"]),
    ("熊本県", 17, (860, 869), [
        "熊本市中央区|096|上通町,下通,手取本町", "八代市|0965|", "天草市|0969|", "菊池郡菊陽町|096|"]),
    ("大分県", 11, (870, 879), [
        "大分市|097|府内町,中央町,都町", "別府市|0977|北浜,駅前町", "中津市|0979|", "由布市|0977|",
        "速見郡日出町|0977|"]),
    ("宮崎県", 10.5, (880, 889), [
        "宮崎市|0985|橘通西,橘通東,広島", "都城市|0986|", "延岡市|0982|", "児湯郡高鍋町|0983|"]),
    ("鹿児島県", 16, (890, 899), [
        "鹿児島市|099|東千石町,山之口町,中央町", "霧島市|0995|", "鹿屋市|0994|", "奄美市|0997|",
        "熊毛郡屋久島町|0997|"]),
    ("沖縄県", 15, (900, 909), [
        "那覇市|098|久茂地,牧志,泉崎", "沖縄市|098|", "うるま市|098|", "宜野湾市|098|", "石垣市|0980|",
        "島尻郡八重瀬町|098|", "国頭郡恩納村|098|"]),
]

GENERIC_TOWNS = (
    "本町 中央 栄町 旭町 幸町 緑町 東町 西町 南町 北町 新町 寿町 若葉 桜ケ丘 松原 泉町 富士見 "
    "日の出町 花園 青葉台 緑が丘 港町 宮前 八幡町 錦町 昭和町 末広町 大手町 元町 駅前"
).split()
RURAL_TOWNS = "大字中央 大字本郷 大字新田 字東 字西原 大字上野 大字下村 大字宮田".split()
BUILDING_NAMES = (
    "サンハイツ グランメゾン コーポ パークハウス レジデンス ハイツ メゾン ライオンズマンション "
    "プラウド シティハウス ドミール ヴィラ エステート カーサ ロイヤルコート アーバンテラス"
).split()
BUILDING_SUFFIX = ["", "", "桜", "緑", "壱番館", "弐番館", "Ⅱ", "East", "A棟", "B棟", "マンション", "ビル"]

# --------------------------------------------------------------------------------------
# Contact details
# --------------------------------------------------------------------------------------

EMAIL_DOMAINS = [
    ("gmail.com", 30), ("yahoo.co.jp", 20), ("icloud.com", 10), ("docomo.ne.jp", 8),
    ("ezweb.ne.jp", 4), ("au.com", 2), ("i.softbank.jp", 5), ("outlook.jp", 5),
    ("outlook.com", 2), ("hotmail.co.jp", 3), ("example.co.jp", 4), ("example.ne.jp", 2),
    ("example.jp", 2), ("mail.example.co.jp", 1), ("sales.example.co.jp", 1),
]

# --------------------------------------------------------------------------------------
# Inquiry texts
# --------------------------------------------------------------------------------------

INQ_OPEN = ["お世話になっております。", "いつも利用させていただいています。", "すみません、", "こんにちは。",
            "初めて問い合わせします。", "至急確認お願いします。"]
INQ_MAIN = [
    "注文した商品が届きません。", "返品したいです。", "サイズ交換をお願いします。", "届いた商品が破損していました。",
    "注文をキャンセルしたいです。", "領収書を発行してください。", "ポイントが付与されていません。",
    "配送先住所を変更したいです。", "ログインできなくなりました。", "パスワード再設定のメールが届きません。",
    "請求金額が間違っているようです。", "商品の色が写真と違います。", "入荷予定を教えてください。",
    "ギフト包装はできますか？", "退会手続きをお願いします。", "同じ商品が2つ届きました。",
    "クーポンが使えませんでした。", "配達日時を変更したいです。",
]
INQ_CLOSE = ["よろしくお願いします。", "宜しくお願い致します。", "ご確認ください。", "早めの対応をお願いします！", ""]

# --------------------------------------------------------------------------------------
# Access-log pools
# --------------------------------------------------------------------------------------

SEARCH_TERMS = [
    "バッグ", "財布", "スニーカー", "ワンピース", "傘", "腕時計", "コート", "マフラー", "手袋", "加湿器",
    "電気毛布", "コーヒー豆", "緑茶", "お歳暮", "クリスマス プレゼント", "ブラックフライデー", "福袋",
    "ハンドクリーム", "リュック メンズ", "レディース ブーツ", "子供服 120", "iPhone ケース",
    "モバイルバッテリー", "tumbler", "nike", "Tシャツ", "ダウンジャケット", "保温 水筒", "エコバッグ",
    "マグカップ", "スマホ ショルダー", "ニット 帽", "こたつ", "ルームウェア",
]
CATEGORIES = ["bags", "shoes", "ladies", "mens", "kids", "kitchen", "interior", "food", "gift", "sale",
              "outdoor", "beauty"]
SORTS = ["price_asc", "price_desc", "new", "popular", "review"]
COLORS = ["red", "blue", "black", "white", "navy", "beige", "green", "gray"]
SIZES = ["S", "M", "L", "XL", "FREE", "23.5", "25.0", "26.5"]
UTM = [
    "utm_source=line&utm_medium=social&utm_campaign=autumn2026",
    "utm_source=instagram&utm_medium=social",
    "utm_source=newsletter&utm_medium=email&utm_campaign=bf2026",
    "utm_source=google&utm_medium=cpc&utm_campaign=brand",
    "utm_source=yahoo&utm_medium=display",
    "utm_source=x&utm_medium=social&utm_content=post1",
]
SCANNER_PATHS = ["/wp-login.php", "/.env", "/admin/config.php", "/phpmyadmin/index.php", "/.git/config",
                 "/xmlrpc.php", "/cgi-bin/luci", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
                 "/api/v1/users?id=1%27%20OR%201=1--"]
EXTERNAL_REFERRERS = [
    "https://www.google.co.jp/", "https://www.google.com/", "https://www.instagram.com/",
    "https://line.me/R/", "https://www.facebook.com/", "https://www.youtube.com/",
    "https://shopping.yahoo.co.jp/", "https://mail.google.com/", "android-app://jp.naver.line.android/",
    "https://www.bing.com/",
]
IPV4_FIRST_OCTETS = [1, 14, 27, 36, 42, 49, 58, 60, 61, 101, 106, 110, 111, 113, 114, 115, 118, 119,
                     121, 122, 123, 124, 125, 126, 133, 150, 153, 175, 180, 182, 183, 202, 210, 211,
                     218, 219, 220, 221, 222]
IPV6_PREFIXES = ["240b:10:", "240b:11:", "240b:250:", "2400:4050:", "2400:4051:", "2400:2410:",
                 "2409:10:", "2409:11:", "2001:db8:", "2001:db8:", "2404:7a80:", "2001:240:"]

CHROME_VERSIONS = ["138.0.7204.183", "139.0.7258.154", "140.0.7339.207", "141.0.7390.122",
                   "142.0.7444.59", "143.0.7499.40"]
FIREFOX_VERSIONS = ["141.0", "142.0", "143.0", "144.0", "145.0"]
SAFARI_MAC_VERSIONS = ["17.6", "18.3", "18.5", "18.6"]
# iOS versions (UA form, Version/ form)
IOS_VERSIONS = [("16_7_10", "16.6", 16), ("17_5_1", "17.5", 17), ("17_6_1", "17.6", 17),
                ("18_1_1", "18.1.1", 18), ("18_5", "18.5", 18), ("18_6_2", "18.6", 18)]
# (hardware id, lowest iOS major it ships with, weight)
IPHONE_MODELS = [("iPhone12,8", 13, 2), ("iPhone13,2", 14, 3), ("iPhone14,5", 15, 5),
                 ("iPhone14,6", 15, 3), ("iPhone14,7", 16, 5), ("iPhone15,2", 16, 5),
                 ("iPhone15,3", 16, 3), ("iPhone15,4", 17, 5), ("iPhone16,1", 17, 4),
                 ("iPhone16,2", 17, 3), ("iPhone17,1", 18, 3), ("iPhone17,3", 18, 4)]
# (model, android versions, samsung?, weight)
ANDROID_MODELS = [("SM-S911B", ("14", "15"), True, 3), ("SM-S918B", ("14", "15"), True, 2),
                  ("SC-51D", ("14",), True, 3), ("SCG19", ("14", "15"), True, 2),
                  ("SM-A546E", ("14",), True, 1), ("Pixel 8", ("14", "15", "16"), False, 4),
                  ("Pixel 7a", ("14", "15"), False, 3), ("Pixel 9", ("15", "16"), False, 2),
                  ("SO-51D", ("13", "14"), False, 3), ("SOG10", ("13", "14"), False, 1),
                  ("XQ-DQ44", ("14",), False, 1), ("SH-53D", ("13", "14"), False, 2),
                  ("SH-54D", ("13", "14"), False, 3), ("SH-M26", ("14",), False, 2),
                  ("A302SH", ("14",), False, 1), ("OPG06", ("14",), False, 1)]
BOT_UAS = [
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "66.249.66.", 5),
    ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/141.0.7390.122 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
     "66.249.68.", 4),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "40.77.167.", 3),
    ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "5.255.231.", 1),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "54.36.148.", 1),
]
SCANNER_UAS = ["python-requests/2.32.3", "curl/8.5.0", "Mozilla/5.0 zgrab/0.x", "-", "",
               "Go-http-client/1.1"]


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------

def weighted(items, weights):
    """Return (items, cumulative weights, total) for fast weighted picks via bisect."""
    cum = list(accumulate(weights))
    return items, cum, cum[-1]


def pick(rng, table):
    items, cum, total = table
    return items[bisect.bisect_right(cum, rng.random() * total)]


def digits(rng, n):
    return f"{rng.randrange(10 ** n):0{n}d}"


def mynumber_check(d11):
    s = sum(int(c) * w for c, w in zip(d11, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)))
    r = s % 11
    return 0 if r <= 1 else 11 - r


def luhn_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def group(s, sizes, sep):
    out, pos = [], 0
    for n in sizes:
        out.append(s[pos:pos + n])
        pos += n
    return sep.join(out)


def fmt_ts_jst(epoch):
    d = dt.datetime.fromtimestamp(epoch, JST)
    return f"{d:%Y-%m-%dT%H:%M:%S}+09:00"


def fmt_ts_utc(epoch):
    d = dt.datetime.fromtimestamp(epoch, UTC)
    return f"{d:%Y-%m-%dT%H:%M:%S}Z"


# --------------------------------------------------------------------------------------
# Customers
# --------------------------------------------------------------------------------------

class CustomerGen:
    def __init__(self, rng: Random):
        self.rng = rng
        self.surnames = weighted(SURNAMES, [1.0 / (i + 8) for i in range(len(SURNAMES))])
        # given-name tables per (gender, era)
        self.given = {}
        for g, pool in (("M", MALE_NAMES), ("F", FEMALE_NAMES), ("X", UNISEX_NAMES),
                        ("", MALE_NAMES + FEMALE_NAMES + UNISEX_NAMES)):
            for era in "omy":
                self.given[(g, era)] = weighted(pool, [4.0 if n[3] == era else 1.0 for n in pool])
        munis = []
        mweights = []
        for pref, pop, prange, mlist in PREFECTURES:
            specs = [m.split("|") for m in mlist]
            # first municipality (capital / main ward) gets double weight
            for i, (name, area, towns) in enumerate(specs):
                munis.append((pref, prange, name, area, [t for t in towns.split(",") if t],
                              "郡" in name or name == "大島町"))
                mweights.append(pop * (2.0 if i == 0 else 1.0) / (len(specs) + 1))
        self.munis = weighted(munis, mweights)
        self.domains = weighted([d for d, _ in EMAIL_DOMAINS], [w for _, w in EMAIL_DOMAINS])
        # age bands (lo, hi inclusive, weight in ‰)
        bands = [(16, 19, 20), (20, 29, 175), (30, 39, 215), (40, 49, 225), (50, 59, 180),
                 (60, 69, 110), (70, 79, 50), (80, 89, 20), (90, 105, 5)]
        self.age_bands = weighted(bands, [b[2] for b in bands])
        self.used_emails = set()

    # ---- pieces -----------------------------------------------------------------------

    def birth_date(self, age):
        rng = self.rng
        lo = dt.date(REF_DATE.year - age - 1, REF_DATE.month, REF_DATE.day) + dt.timedelta(days=1)
        hi = dt.date(REF_DATE.year - age, REF_DATE.month, REF_DATE.day)
        return dt.date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))

    def email(self, sur, given, birth):
        rng = self.rng
        s, g = sur[2], given[2]
        if sur[1].endswith("ウ") and s.endswith("o") and rng.random() < 0.25:
            s += rng.choice(("u", "h"))
        yyyy = str(birth.year) if birth else str(rng.randint(1960, 2005))
        r = rng.random()
        if r < 0.18:
            local = f"{g}.{s}"
        elif r < 0.30:
            local = f"{s}.{g}"
        elif r < 0.38:
            local = f"{g}_{s}"
        elif r < 0.46:
            local = f"{g[0]}.{s}"
        elif r < 0.54:
            local = f"{s}{g[0]}{rng.randint(1, 999)}"
        elif r < 0.64:
            local = f"{g}{yyyy[2:]}"
        elif r < 0.72:
            local = f"{g}{s}{rng.randint(10, 99)}"
        elif r < 0.80:
            local = f"{s}_{g}_{yyyy}"
        elif r < 0.88:
            local = f"{g}.{s}.{birth.month:02d}{birth.day:02d}" if birth else f"{g}.{s}.{rng.randint(1, 9999):04d}"
        elif r < 0.94:
            local = f"{g}-{s}{rng.randint(1, 99)}"
        else:
            local = f"{s}{g}"
        domain = pick(rng, self.domains)
        addr = f"{local}@{domain}"
        while addr in self.used_emails:
            addr = f"{local}{rng.randint(1, 9999)}@{domain}"
        self.used_emails.add(addr)
        return addr

    def phone(self, area):
        """Return (formatted, normalised digits)."""
        rng = self.rng
        r = rng.random()
        if r < 0.74:
            kind = "mobile"
            pre = rng.choice(("090", "090", "080", "080", "070"))
            num = pre + str(rng.randint(1, 9)) + digits(rng, 7)
            parts = (pre, num[3:7], num[7:])
        elif r < 0.95:
            kind = "fixed"
            local_len = 6 - len(area)  # exchange digits: 0A-BBBB-CCCC is always 10 digits
            exch = str(rng.randint(2, 9)) + digits(rng, local_len - 1)
            num = area + exch + digits(rng, 4)
            parts = (area, exch, num[-4:])
        else:
            kind = "ip"
            num = "050" + str(rng.randint(1, 9)) + digits(rng, 7)
            parts = ("050", num[3:7], num[7:])
        intl = parts[0][1:]
        r = rng.random()
        if r < 0.55:
            s = "-".join(parts)
        elif r < 0.75:
            s = num
        elif r < 0.81:
            s = " ".join(parts)
        elif r < 0.87 and kind == "fixed":
            s = f"({parts[0]}){parts[1]}-{parts[2]}"
        elif r < 0.87:
            s = f"{parts[0]}({parts[1]}){parts[2]}"
        elif r < 0.93:
            s = f"+81-{intl}-{parts[1]}-{parts[2]}"
        elif r < 0.97:
            s = f"+81 {intl} {parts[1]} {parts[2]}"
        else:
            s = f"+81{intl}{parts[1]}{parts[2]}"
        return s, num

    def postal(self, prange):
        rng = self.rng
        code = f"{rng.randint(*prange):03d}-{rng.randint(0, 9999):04d}"
        r = rng.random()
        if r < 0.02:
            return code.translate(FW_DIGITS)
        if r < 0.10:
            return code.replace("-", "")
        if r < 0.18:
            return "〒" + code
        return code

    def address(self, muni):
        rng = self.rng
        pref, _prange, name, _area, towns, rural = muni
        if towns and rng.random() < 0.7:
            town = rng.choice(towns)
        else:
            town = rng.choice(RURAL_TOWNS if rural else GENERIC_TOWNS)
        if rural or town.startswith(("大字", "字")):
            n = rng.randint(1, 3200)
            r = rng.random()
            if r < 0.4:
                block = f"{n}"
            elif r < 0.7:
                block = f"{n}-{rng.randint(1, 30)}"
            elif r < 0.85:
                block = f"{n}番地"
            else:
                block = f"{n}番地{rng.randint(1, 30)}"
        else:
            c, b, g = rng.randint(1, 9), rng.randint(1, 40), rng.randint(1, 30)
            r = rng.random()
            if "条" in town or town.endswith("通") and rng.random() < 0.5:
                block = f"{c}丁目{b}-{g}"
            elif r < 0.55:
                block = f"{c}-{b}-{g}"
            elif r < 0.70:
                block = f"{KANJI_NUM[c]}丁目{b}番{g}号"
            elif r < 0.85:
                block = f"{c}丁目{b}-{g}"
            elif r < 0.93:
                block = f"{c}丁目{b}番地{g}"
            else:
                block = f"{b}-{g}"
        addr = f"{pref}{name}{town}{block}"
        if not rural and rng.random() < 0.38:
            bname = rng.choice(BUILDING_NAMES) + rng.choice(BUILDING_SUFFIX)
            if rng.random() < 0.3:
                bname += rng.choice(GENERIC_TOWNS[:12])
            room = f"{rng.randint(1, 14)}{rng.randint(1, 12):02d}"
            sep = rng.choice((" ", " ", FW_SPACE, ""))
            r = rng.random()
            if r < 0.5:
                addr += f"{sep}{bname} {room}号室"
            elif r < 0.8:
                addr += f"{sep}{bname}{room}"
            elif r < 0.9:
                addr += f"-{room}"
            else:
                addr += f"{sep}{bname} #{room}"
        if rng.random() < 0.03:
            addr = addr.translate(FW_DIGITS)
        return addr

    def my_number(self):
        rng = self.rng
        d11 = digits(rng, 11)
        mn = d11 + str(mynumber_check(d11))
        r = rng.random()
        if r < 0.8:
            return mn
        if r < 0.9:
            return group(mn, (4, 4, 4), " ")
        return group(mn, (4, 4, 4), "-")

    def card(self):
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            prefix, length, groups = str(rng.randint(3528, 3589)), 16, (4, 4, 4, 4)
        elif r < 0.70:
            prefix, length, groups = "4", 16, (4, 4, 4, 4)
        elif r < 0.90:
            prefix, length, groups = str(rng.randint(51, 55)), 16, (4, 4, 4, 4)
        elif r < 0.97:
            prefix, length, groups = rng.choice(("34", "37")), 15, (4, 6, 5)
        else:
            prefix, length, groups = "36", 14, (4, 6, 4)
        partial = prefix + digits(rng, length - len(prefix) - 1)
        number = partial + str(luhn_digit(partial))
        r = rng.random()
        if r < 0.55:
            return number, number
        if r < 0.85:
            return group(number, groups, " "), number
        return group(number, groups, "-"), number

    # ---- look-alikes for inquiries ----------------------------------------------------

    def order_no(self):
        rng = self.rng
        d = dt.date(2026, 9, 1) + dt.timedelta(days=rng.randint(0, 85))
        return f"{d:%Y%m%d}-{rng.randint(1, 9999):04d}"

    def not_mynumber(self):
        """12 digits whose last digit is NOT a valid My Number check digit."""
        rng = self.rng
        d11 = digits(rng, 11)
        bad = (mynumber_check(d11) + rng.randint(1, 9)) % 10
        return d11 + str(bad)

    def lookalike(self):
        rng = self.rng
        r = rng.random()
        if r < 0.22:
            return f"注文番号 {self.order_no()}の件です。"
        if r < 0.36:
            return f"注文番号{self.not_mynumber()}です。"
        if r < 0.50:
            price = rng.choice((980, 1280, 2980, 3980, 5500, 12800, 19800, 24800, 128000))
            return rng.choice((f"{price:,}円の商品です。", f"合計{price:,}円でした。", f"￥{price:,}の請求がありました。"))
        if r < 0.64:
            return rng.choice((f"{rng.randint(9, 11)}月{rng.randint(1, 28)}日に注文しました。",
                               f"2026/{rng.randint(9, 11)}/{rng.randint(1, 28)}に届く予定でした。",
                               f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}着の予定です。"))
        if r < 0.78:
            code = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
            return f"商品コードはSKU-{code}-{rng.randint(1, 9999):04d}です。"
        if r < 0.90:
            return f"伝票番号{group(self.not_mynumber(), (4, 4, 4), '-')}で追跡できません。"
        partial = digits(self.rng, 16)
        bad = partial[:15] + str((luhn_digit(partial[:15]) + rng.randint(1, 9)) % 10)
        return f"お問い合わせ番号 {group(bad, (4, 4, 4, 4), ' ')}"

    def pii_sentence(self, c):
        rng = self.rng
        kinds = ["name", "name"]
        if c["phone"]:
            kinds += ["phone", "phone"]
        if c["email"]:
            kinds += ["email", "email"]
        if c["address"]:
            kinds.append("address")
        if c["card"]:
            kinds.append("card")
        if c["my_number"] and rng.random() < 0.3:
            kinds.append("my_number")
        kind = rng.choice(kinds)
        if kind == "name":
            sei, mei, sep = c["sei"], c["mei"], c["sep"]
            return rng.choice((f"{sei}様より：", f"{sei}{mei}です。", f"{sei}{sep}{mei}と申します。",
                               f"{sei}です。", f"{c['kana']}（{sei}{mei}）です。")), True
        if kind == "phone":
            p = c["phone"] if rng.random() < 0.75 else c["phone_digits"]
            return rng.choice((f"折り返しは{p}までお願いします。", f"電話番号は{p}です。",
                               f"日中は{p}にご連絡ください。", f"TEL:{p}")), False
        if kind == "email":
            e = c["email"]
            return rng.choice((f"連絡先は{e}です。", f"{e}宛にメールください。", f"メール（{e}）に返信お願いします。",
                               f"登録メールアドレスは{e}です")), False
        if kind == "address":
            a = c["address"]
            return rng.choice((f"住所は{a}です。", f"{a}に送ってください。", f"配送先：{a}")), False
        if kind == "card":
            k = c["card"] if rng.random() < 0.6 else c["card_digits"]
            return rng.choice((f"カード番号{k}で決済しました。", f"{k}のカードで二重に請求されています。",
                               f"カード（{k}）の有効期限が切れています。")), False
        return f"マイナンバーは{c['my_number']}です。", False

    def inquiry(self, c):
        rng = self.rng
        if rng.random() < 0.60:
            return ""
        head, body = [], [rng.choice(INQ_MAIN)]
        if rng.random() < 0.35:
            head.append(rng.choice(INQ_OPEN))
        if rng.random() < 0.40:
            body.append(self.lookalike())
            if rng.random() < 0.15:
                body.append(self.lookalike())
        if rng.random() < 0.30:
            sentence, at_start = self.pii_sentence(c)
            if at_start:
                head.insert(0 if sentence.endswith("：") else len(head), sentence)
            else:
                body.insert(rng.randint(1, len(body)), sentence)
        if rng.random() < 0.5:
            body.append(rng.choice(INQ_CLOSE))
        sep = "" if rng.random() < 0.85 else rng.choice((" ", FW_SPACE))
        return sep.join(head + body).strip()

    # ---- whole row --------------------------------------------------------------------

    def customer(self, cid, forced_age=None, forced_birth=None, forced_spend=None):
        rng = self.rng
        # gender
        r = rng.random()
        gender = "F" if r < 0.517 else "M" if r < 0.975 else "X" if r < 0.995 else ""
        # birth date
        if forced_birth:
            birth = forced_birth
        else:
            if forced_age is not None:
                age = forced_age
            else:
                lo, hi, _ = pick(rng, self.age_bands)
                age = rng.randint(lo, hi)
            birth = self.birth_date(age)
        era = "o" if birth.year < 1960 else "m" if birth.year < 1990 else "y"
        sur = pick(rng, self.surnames)
        given = pick(rng, self.given[(gender, era)])
        sep = FW_SPACE if rng.random() < 0.85 else " "
        name = f"{sur[0]}{sep}{given[0]}"
        kana = f"{sur[1]}{sep}{given[1]}"
        # email
        r = rng.random()
        email = "" if r < 0.01 else self.email(sur, given, birth)
        if email and r < 0.03:
            email = email.translate(FW_ALL)
        ascii_email = email.translate(FW_TO_ASCII)
        muni = pick(rng, self.munis)
        phone, phone_digits = self.phone(muni[3])
        if rng.random() < 0.03:
            phone = phone.translate(FW_ALL)
        if rng.random() < 0.02:
            phone, phone_digits = "", ""
        birth_s = "" if rng.random() < 0.01 else birth.isoformat()
        if rng.random() < 0.005:
            gender = ""
        postal = self.postal(muni[1])
        address = "" if rng.random() < 0.01 else self.address(muni)
        my_number = "" if rng.random() < 0.40 else self.my_number()
        card, card_digits = ("", "") if rng.random() < 0.30 else self.card()
        # signup: not before the 15th birthday; skewed towards recent years
        lo = max(SIGNUP_FROM.timestamp(),
                 dt.datetime(birth.year + 15, birth.month, min(birth.day, 28), tzinfo=JST).timestamp())
        hi = SIGNUP_TO.timestamp()
        t = int(lo + (hi - lo) * (rng.random() ** 0.8)) if hi > lo else int(hi)
        signup = fmt_ts_utc(t) if rng.random() < 0.05 else fmt_ts_jst(t)
        # orders / spend
        r = rng.random()
        if r < 0.12:
            orders = 0
        elif r < 0.995:
            orders = min(300, int(rng.lognormvariate(1.0, 1.05)) + 1)
        else:
            orders = rng.randint(100, 300)
        spent = 0
        if orders:
            basket = rng.lognormvariate(8.6, 0.6)  # ~5,400 yen median
            spent = int(orders * basket) // 10 * 10
            if rng.random() < 0.003:
                spent = rng.randint(2_000_000, 15_000_000)
        if forced_spend is not None:
            orders = max(orders, 180)
            spent = forced_spend
        c = {"sei": sur[0], "mei": given[0], "sep": sep, "kana": kana, "phone": phone,
             "phone_digits": phone_digits, "email": email, "address": address, "card": card,
             "card_digits": card_digits, "my_number": my_number}
        inquiry = self.inquiry(c)
        row = [cid, name, kana, email, phone, birth_s, gender, postal, address, my_number, card,
               signup, spent, orders, inquiry]
        return row, ascii_email, phone_digits, orders


def write_customers(path, n, rng):
    gen = CustomerGen(rng)
    ids = sorted(rng.sample(range(1, 10_000_000), n))
    # forced outliers so even small samples contain them
    forced = {}
    if n >= 20:
        idx = rng.sample(range(n), 3)
        forced[idx[0]] = {"forced_age": 116}
        forced[idx[1]] = {"forced_birth": dt.date(1900, 1, 1)}  # classic default-value error
        forced[idx[2]] = {"forced_spend": 12_000_000 + rng.randint(0, 99) * 10_000}
    info = []
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(CUSTOMER_COLUMNS)
        for i, num in enumerate(ids):
            cid = f"C{num:07d}"
            row, email, phone_digits, orders = gen.customer(cid, **forced.get(i, {}))
            w.writerow(row)
            info.append((cid, email, phone_digits, orders))
    return info


# --------------------------------------------------------------------------------------
# Access log
# --------------------------------------------------------------------------------------

class LogGen:
    def __init__(self, rng: Random, customers, n_rows):
        self.rng = rng
        self.customers = customers
        self.cust_table = weighted(list(range(len(customers))),
                                   [c[3] + 2 for c in customers]) if customers else None
        self.profiles = {}  # customer index -> list of browser profiles
        self.ip_pool = []
        self.ua_kinds = weighted(
            ["win_chrome", "win_edge", "win_firefox", "mac_safari", "mac_chrome", "iphone_safari",
             "iphone_chrome", "iphone_line", "android_chrome", "android_samsung", "android_line"],
            [17, 6, 2, 6, 4, 30, 4, 4, 20, 4, 3])
        self.iphones = weighted(IPHONE_MODELS, [m[2] for m in IPHONE_MODELS])
        self.androids = weighted(ANDROID_MODELS, [m[3] for m in ANDROID_MODELS])
        self.samsungs = weighted([m for m in ANDROID_MODELS if m[2]], [m[3] for m in ANDROID_MODELS if m[2]])
        self.bots = weighted(BOT_UAS, [b[2] for b in BOT_UAS])
        self.search_pct = [quote(t, safe="") for t in SEARCH_TERMS]
        self.search_plus = [quote_plus(t) for t in SEARCH_TERMS]
        self.products = [rng.randint(10000, 99999) for _ in range(4000)]
        self.static = ([f"/static/js/app.{rng.getrandbits(32):08x}.js" for _ in range(3)]
                       + [f"/static/css/main.{rng.getrandbits(32):08x}.css" for _ in range(2)]
                       + ["/favicon.ico", "/static/img/logo.svg", "/apple-touch-icon.png"])
        # concurrent sessions: enough that a visit spans tens of minutes at high volume
        self.n_slots = max(2, n_rows // 20000)
        self.sessions = [self.new_session() for _ in range(self.n_slots)]
        self._build_clock(n_rows)

    # ---- time -------------------------------------------------------------------------

    def _build_clock(self, n_rows):
        hours = [3.0, 2.0, 1.2, 0.8, 0.6, 0.7, 1.2, 2.0, 3.0, 3.5, 4.0, 4.5, 5.5, 5.0, 4.5, 4.3,
                 4.5, 5.0, 5.5, 6.5, 7.5, 8.0, 7.0, 5.0]
        start = LOG_FROM.date()
        days = (LOG_TO.date() - start).days
        weights = []
        for d in range(days):
            day = start + dt.timedelta(days=d)
            f = 1.15 if day.weekday() >= 5 else 1.0
            if day in (dt.date(2026, 11, 11), dt.date(2026, 11, 27), dt.date(2026, 11, 28),
                       dt.date(2026, 11, 29)):
                f *= 1.8  # 11/11 and Black Friday weekend sales
            for h in range(24):
                weights.append(hours[h] * f)
        self.hour_w = weights
        self.hour_cum = list(accumulate(weights))
        self.total_w = self.hour_cum[-1]
        self.epoch0 = int(LOG_FROM.timestamp())
        mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        self.clf_day = [f"{(start + dt.timedelta(days=d)).day:02d}/{mon[(start + dt.timedelta(days=d)).month - 1]}"
                        f"/{(start + dt.timedelta(days=d)).year}" for d in range(days)]
        self.iso_day = [(start + dt.timedelta(days=d)).isoformat() for d in range(days)]
        self.scale = self.total_w / max(1, n_rows)

    # ---- visitors ---------------------------------------------------------------------

    def new_ip(self):
        rng = self.rng
        if self.ip_pool and rng.random() < 0.25:  # carrier NAT / shared office IPs
            return rng.choice(self.ip_pool)
        if rng.random() < 0.8:
            a = rng.choice(IPV4_FIRST_OCTETS)
            if rng.random() < 0.04:
                ip = f"203.0.113.{rng.randint(1, 254)}"
            elif rng.random() < 0.03:
                ip = f"198.51.100.{rng.randint(1, 254)}"
            else:
                ip = f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        else:
            pre = rng.choice(IPV6_PREFIXES)
            g = [f"{rng.getrandbits(16):x}" for _ in range(6)]
            r = rng.random()
            if pre == "2001:db8:" or r < 0.25:
                ip = f"{pre}{g[0]}::{g[1]}"
            elif r < 0.5:
                ip = f"{pre}{g[0]}:{g[1]}::{g[2]}:{g[3]}"
            else:
                ip = f"{pre}{g[0]}:{g[1]}:{g[2]}:{g[3]}:{g[4]}:{g[5]}"
                ip = ":".join(ip.split(":")[:8])
        if len(self.ip_pool) < 5000:
            self.ip_pool.append(ip)
        elif rng.random() < 0.1:
            self.ip_pool[rng.randrange(5000)] = ip
        return ip

    def new_ua(self):
        """Return (user_agent, device_model, is_mobile)."""
        rng = self.rng
        kind = pick(rng, self.ua_kinds)
        chrome = rng.choice(CHROME_VERSIONS)
        if kind == "win_chrome":
            return (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"Chrome/{chrome.split('.')[0]}.0.0.0 Safari/537.36", "", False)
        if kind == "win_edge":
            v = chrome.split(".")[0]
            return (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.{rng.randint(3000, 3600)}.{rng.randint(40, 120)}",
                    "", False)
        if kind == "win_firefox":
            v = rng.choice(FIREFOX_VERSIONS)
            os_ = rng.choice(("Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 10.15", "X11; Linux x86_64"))
            return f"Mozilla/5.0 ({os_}; rv:{v}) Gecko/20100101 Firefox/{v}", "", False
        if kind == "mac_safari":
            return (f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    f"Version/{rng.choice(SAFARI_MAC_VERSIONS)} Safari/605.1.15", "", False)
        if kind == "mac_chrome":
            return (f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"Chrome/{chrome.split('.')[0]}.0.0.0 Safari/537.36", "", False)
        if kind.startswith("iphone"):
            model, min_ios, _ = pick(rng, self.iphones)
            ios = rng.choice([v for v in IOS_VERSIONS if v[2] >= min_ios])
            base = f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios[0]} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            if kind == "iphone_safari":
                ua = f"{base} Version/{ios[1]} Mobile/15E148 Safari/604.1"
            elif kind == "iphone_chrome":
                ua = f"{base} CriOS/{chrome} Mobile/15E148 Safari/604.1"
            else:
                ua = f"{base} Mobile/15E148 Safari Line/15.{rng.randint(10, 19)}.{rng.randint(0, 3)}"
            return ua, model, True
        if kind == "android_samsung":
            model, avs, _, _ = pick(rng, self.samsungs)
            av = rng.choice(avs)
            return (f"Mozilla/5.0 (Linux; Android {av}; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"SamsungBrowser/{rng.choice(('26.0', '27.0', '28.0'))} Chrome/{chrome.split('.')[0]}.0.0.0 "
                    f"Mobile Safari/537.36", model, True)
        model, avs, _, _ = pick(rng, self.androids)
        av = rng.choice(avs)
        ua = (f"Mozilla/5.0 (Linux; Android {av}; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
              f"Chrome/{chrome} Mobile Safari/537.36")
        if kind == "android_line":
            ua = (f"Mozilla/5.0 (Linux; Android {av}; {model}; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
                  f"Version/4.0 Chrome/{chrome} Mobile Safari/537.36 Line/15.{rng.randint(10, 19)}.{rng.randint(0, 3)}")
        return ua, model, True

    def new_cookie(self):
        return f"{self.rng.getrandbits(128):032x}"

    def new_session(self):
        """Session = [rows_left, ip, customer_idx (-1 anon), cookie, ua, device, rows_before_login,
        prev_url, kind]  kind: 0 anon, 1 customer, 2 bot, 3 scanner."""
        rng = self.rng
        r = rng.random()
        length = int(rng.expovariate(1 / 7.0)) + 1
        if r < 0.004:
            ua = rng.choice(SCANNER_UAS)
            ip = rng.choice(("-", "unknown")) if rng.random() < 0.1 else self.new_ip()
            return [rng.randint(3, 12), ip, -1, "", ua, "", 0, "", 3]
        if r < 0.045:
            ua, ip_pre, _ = pick(rng, self.bots)
            ip = f"{ip_pre}{rng.randint(1, 254)}"
            return [int(rng.expovariate(1 / 5.0)) + 1, ip, -1, "", ua, "", 0, "", 2]
        if r < 0.055:
            # no UA / odd clients (health checks, old proxies)
            return [length, self.new_ip(), -1, self.new_cookie(), rng.choice(("", "-")), "", 0, "", 0]
        if self.cust_table and r < 0.40:
            ci = pick(rng, self.cust_table)
            profs = self.profiles.get(ci)
            if profs is None or (len(profs) < 3 and rng.random() < 0.1):
                ua, dev, mobile = self.new_ua()
                prof = [self.new_cookie(), ua, dev, mobile, self.new_ip()]
                if profs is None:
                    self.profiles[ci] = profs = []
                profs.append(prof)
            else:
                prof = rng.choice(profs)
                if rng.random() < (0.35 if prof[3] else 0.1):
                    prof[4] = self.new_ip()  # mobile users move between networks
            before = rng.randint(1, 3) if rng.random() < 0.25 else 0
            return [length + before, prof[4], ci, prof[0], prof[1], prof[2], before, "", 1]
        ua, dev, _ = self.new_ua()
        return [length, self.new_ip(), -1, self.new_cookie(), ua, dev, 0, "", 0]

    # ---- requests ---------------------------------------------------------------------

    def identifying_url(self, ci):
        """~5 % of rows: URLs carrying e-mail, token, uid or tel parameters."""
        rng = self.rng
        if ci < 0 and self.customers:
            ci = pick(rng, self.cust_table)
        cid, email, tel, _ = self.customers[ci] if ci >= 0 else ("", "", "", 0)
        if email:
            enc = email.replace("@", "%40") if rng.random() < 0.6 else email
        r = rng.random()
        if r < 0.30 and email:
            return "GET", rng.choice((f"/login?email={enc}", f"/login?email={enc}&next=%2Fmypage",
                                      f"/unsubscribe?email={enc}", f"/orders/lookup?email={enc}")), "html"
        if r < 0.50:
            tok = f"{rng.getrandbits(128):032x}"
            return "GET", (f"/reset?token={tok}&email={enc}" if email and rng.random() < 0.3
                           else f"/reset?token={tok}"), "html"
        if r < 0.75 and cid:
            return "GET", rng.choice((f"/mypage?uid={cid}", f"/api/v1/users/{cid}/orders?uid={cid}",
                                      f"/mypage/orders?uid={cid}&page=2")), rng.choice(("html", "api"))
        if tel:
            return "GET", rng.choice((f"/orders/lookup?tel={tel}", f"/api/v1/users/lookup?tel={tel}",
                                      f"/contact?tel={tel[:3]}-{tel[3:7]}-{tel[7:]}")), "html"
        tok = f"{rng.getrandbits(128):032x}"
        return "GET", f"/verify?token={tok}", "html"

    def page_url(self, logged_in):
        rng = self.rng
        r = rng.random()
        if r < 0.08:
            return "GET", "/", "html"
        if r < 0.36:
            pid = self.products[int(rng.random() ** 2 * len(self.products))]
            q = rng.random()
            if q < 0.55:
                return "GET", f"/products/{pid}", "html"
            if q < 0.75:
                return "GET", f"/products/{pid}?color={rng.choice(COLORS)}", "html"
            if q < 0.85:
                return "GET", f"/products/{pid}?color={rng.choice(COLORS)}&size={rng.choice(SIZES)}", "html"
            if q < 0.95:
                return "GET", f"/products/{pid}?ref={rng.choice(('top', 'ranking', 'search', 'recommend'))}", "html"
            return "GET", f"/products/{pid}/reviews?page={rng.randint(1, 5)}", "html"
        if r < 0.46:
            i = rng.randrange(len(SEARCH_TERMS))
            q = self.search_pct[i] if rng.random() < 0.7 else self.search_plus[i]
            page = rng.random()
            if page < 0.6:
                return "GET", f"/search?q={q}", "html"
            return "GET", f"/search?q={q}&page={rng.randint(2, 6)}", "html"
        if r < 0.53:
            c = rng.choice(CATEGORIES)
            if rng.random() < 0.5:
                return "GET", f"/category/{c}", "html"
            return "GET", f"/category/{c}?sort={rng.choice(SORTS)}&page={rng.randint(1, 4)}", "html"
        if r < 0.58:
            return "GET", "/cart", "html"
        if r < 0.61:
            return "POST", "/cart/add", "redirect"
        if r < 0.64:
            q = rng.random()
            if q < 0.5:
                return "GET", "/checkout", "html"
            if q < 0.8:
                return "POST", "/checkout/confirm", "redirect"
            return "GET", f"/checkout/complete?order={self.order_no()}", "html"
        if r < 0.74:
            pid = self.products[int(rng.random() ** 2 * len(self.products))]
            q = rng.random()
            if q < 0.6:
                return "GET", f"/api/v1/items/{pid}", "api"
            if q < 0.8:
                return "GET", f"/api/v1/items/{pid}/stock", "api"
            return "POST", "/api/v1/cart", "api"
        if r < 0.78:
            return "GET", f"/campaign?{rng.choice(UTM)}", "html"
        if r < 0.91:
            q = rng.random()
            if q < 0.5:
                return "GET", rng.choice(self.static), "static"
            return "GET", f"/images/products/{self.products[rng.randrange(len(self.products))]}_{rng.randint(1, 4)}.jpg", "static"
        if r < 0.95 and logged_in:
            return "GET", rng.choice(("/mypage", "/mypage/orders", "/mypage/points", "/mypage/address",
                                      "/wishlist")), "html"
        if r < 0.97:
            return "GET", rng.choice(("/guide/shipping", "/guide/returns", "/faq", "/news", "/contact")), "html"
        if r < 0.985:
            return "POST", "/logout" if logged_in else "/api/v1/track", "redirect" if logged_in else "api"
        return "GET", f"/checkout/confirm?order={self.order_no()}", "html"

    def order_no(self):
        rng = self.rng
        d = dt.date(2026, 9, 1) + dt.timedelta(days=rng.randint(0, 90))
        return f"{d:%Y%m%d}-{rng.randint(1, 9999):04d}"

    def external_referrer(self):
        rng = self.rng
        r = rng.random()
        i = rng.randrange(len(SEARCH_TERMS))
        if r < 0.35:
            return f"https://www.google.co.jp/search?q={self.search_plus[i]}"
        if r < 0.50:
            return f"https://search.yahoo.co.jp/search?p={self.search_plus[i]}&fr=top_ga1_sa"
        if r < 0.56:
            return f"https://t.co/{''.join(rng.choice('abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(10))}"
        return rng.choice(EXTERNAL_REFERRERS)

    # ---- main loop --------------------------------------------------------------------

    def write(self, path, n_rows):
        rng = self.rng
        rnd = rng.random
        randint = rng.randint
        customers = self.customers
        sessions = self.sessions
        n_slots = self.n_slots
        hour_cum, hour_w = self.hour_cum, self.hour_w
        scale, epoch0 = self.scale, self.epoch0
        clf_day, iso_day = self.clf_day, self.iso_day
        bisect_right = bisect.bisect_right
        n_hours = len(hour_w)
        with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
            w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writerow = w.writerow
            writerow(LOG_COLUMNS)
            for i in range(n_rows):
                # ---- time: monotone inverse-CDF over an hourly traffic curve
                x = (i + rnd()) * scale
                h = bisect_right(hour_cum, x)
                if h >= n_hours:
                    h = n_hours - 1
                prev = hour_cum[h - 1] if h else 0.0
                sec = int((x - prev) / hour_w[h] * 3600)
                if sec > 3599:
                    sec = 3599
                day, hh = divmod(h, 24)
                mm, ss = divmod(sec, 60)
                r = rnd()
                if r < 0.99:
                    ts = f"{clf_day[day]}:{hh:02d}:{mm:02d}:{ss:02d} +0900"
                elif r < 0.995:
                    ts = f"{iso_day[day]}T{hh:02d}:{mm:02d}:{ss:02d}+09:00"
                else:
                    ts = str((epoch0 + h * 3600 + sec) * 1000 + randint(0, 999))

                # ---- visitor
                slot = int(rnd() * n_slots)
                s = sessions[slot]
                kind = s[8]
                ci = s[2]
                cid = ""
                if kind == 1:
                    if s[6] > 0:
                        s[6] -= 1
                        if s[6] == 0:
                            # this request is the login itself
                            s[6] = -1
                    elif s[6] == 0:
                        cid = customers[ci][0]
                    else:
                        s[6] = 0
                        cid = customers[ci][0]

                # ---- request
                if kind == 2:
                    q = rnd()
                    if q < 0.1:
                        method, url, cls = "GET", "/robots.txt", "txt"
                    elif q < 0.15:
                        method, url, cls = "GET", "/sitemap.xml", "txt"
                    else:
                        method, url, cls = self.page_url(False)
                        if method == "POST":
                            method, url, cls = "GET", "/", "html"
                elif kind == 3:
                    method, url, cls = ("GET" if rnd() < 0.8 else "POST"), SCANNER_PATHS[int(rnd() * len(SCANNER_PATHS))], "scan"
                elif kind == 1 and s[6] == -1:
                    email = customers[ci][1]
                    if email and rnd() < 0.5:
                        enc = email.replace("@", "%40") if rnd() < 0.6 else email
                        method, url, cls = "GET", f"/login?email={enc}&next=%2Fmypage", "html"
                    else:
                        method, url, cls = "POST", "/login", "redirect"
                elif rnd() < 0.05:
                    method, url, cls = self.identifying_url(ci if cid else -1)
                else:
                    method, url, cls = self.page_url(bool(cid))
                if method == "GET" and rnd() < 0.015:
                    method = "HEAD"

                # ---- status / bytes
                q = rnd()
                if cls == "html":
                    if q < 0.955:
                        status, size = 200, 12000 + int(rnd() * 83001)
                    elif q < 0.975:
                        status, size = 404, 1500 + int(rnd() * 2701)
                    elif q < 0.985:
                        status, size = 304, 0
                    elif q < 0.992:
                        status, size = 301, int(rnd() * 321)
                    elif q < 0.996:
                        status, size = 302, int(rnd() * 321)
                    else:
                        status, size = 500, 200 + int(rnd() * 1301)
                elif cls == "static":
                    if q < 0.8:
                        status, size = 200, 800 + int(rnd() * 259201)
                    elif q < 0.98:
                        status, size = 304, 0
                    else:
                        status, size = 404, 200 + int(rnd() * 1001)
                elif cls == "api":
                    if q < 0.96:
                        status, size = 200, 300 + int(rnd() * 5701)
                    elif q < 0.99:
                        status, size = 404, 60 + int(rnd() * 241)
                    else:
                        status, size = 500, 60 + int(rnd() * 341)
                elif cls == "redirect":
                    status, size = (302, int(rnd() * 301)) if q < 0.97 else (500, 200 + int(rnd() * 1301))
                elif cls == "txt":
                    status, size = 200, 200 + int(rnd() * 39801)
                else:  # scanner
                    status, size = (404, 150 + int(rnd() * 451)) if q < 0.93 else (403, 150 + int(rnd() * 151))
                bytes_ = "-" if status == 304 or method == "HEAD" else size

                # ---- referrer
                prev_url = s[7]
                q = rnd()
                if kind >= 2:
                    ref = "-" if q < 0.9 else ""
                elif cls == "static" and prev_url:
                    ref = SHOP + prev_url
                elif prev_url and q < 0.55:
                    ref = SHOP + prev_url
                elif not prev_url and q < 0.55:
                    ref = self.external_referrer()
                elif q < 0.8:
                    ref = "-"
                else:
                    ref = ""
                if cls == "html":
                    s[7] = url

                # ---- IP glitches
                ip = s[1]
                if rnd() < 0.005:
                    ip = "-" if rnd() < 0.6 else "unknown"

                writerow((ts, ip, cid, s[3], method, url, status, bytes_, ref, s[4], s[5]))

                s[0] -= 1
                if s[0] <= 0:
                    sessions[slot] = self.new_session()


# --------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate synthetic Japanese e-commerce test data.")
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--customers", type=int, default=1000, help="number of customers (default 1000)")
    ap.add_argument("--log-rows", type=int, default=5000, help="access-log rows (default 5000)")
    ap.add_argument("--seed", type=int, default=20261125, help="random seed (default 20261125)")
    args = ap.parse_args(argv)
    if not 1 <= args.customers <= 9_999_999:
        ap.error("--customers must be between 1 and 9999999")
    if args.log_rows < 0:
        ap.error("--log-rows must be >= 0")
    os.makedirs(args.out, exist_ok=True)
    customers = write_customers(os.path.join(args.out, "customers.csv"), args.customers,
                                Random(args.seed))
    log = LogGen(Random(args.seed * 7919 + 1), customers, args.log_rows)
    log.write(os.path.join(args.out, "access_log.csv"), args.log_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
