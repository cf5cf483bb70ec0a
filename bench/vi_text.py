"""Vietnamese text pools for the synthetic drafts of the benchmark corpus.

Everything here is data: topics, and sentence/paragraph templates about education
policies in the register of the example drafts. Templates use `str.format_map`
placeholders filled by `generate.Filler`:

- per draft: {chu_de} (the policy's subject), {doi_tuong} (who it applies to),
  {doi_tuong_ngan} (a short form), {co_quan} (the drafting agency), {tinh};
- drawn afresh at each use: {nam}, {nam_hoc}, {nam_truoc}, {nam_sau}, {nam_het},
  {giai_doan}, {so_nam}, {thang}, {ngay}, {n_nho}, {n_tb}, {n_lon}, {pt}, {tien},
  {ty}, {van_ban_tw}, {khoan_thu}, {xa}.
"""

from __future__ import annotations

from typing import NamedTuple

PROVINCE = "tỉnh Minh Giang"


class Topic(NamedTuple):
    slug: str  # the start of the draft id
    phrase: str  # what the document regulates, after "quy định"
    doi_tuong: str
    doi_tuong_ngan: str
    fields: tuple[str, ...]  # keys of the example site's fields
    agencies: tuple[str, ...]  # keys of the example site's agencies, most likely first


TOPICS: tuple[Topic, ...] = (
    Topic(
        "hoc-phi",
        "mức học phí đối với cơ sở giáo dục mầm non, phổ thông công lập và mức hỗ trợ học phí",
        "trẻ em mầm non, học sinh phổ thông, học viên giáo dục thường xuyên và cha mẹ hoặc người giám hộ",
        "học sinh",
        ("giao-duc", "hoc-phi", "tai-chinh"),
        ("so-gddt", "so-tai-chinh"),
    ),
    Topic(
        "ho-tro-an-trua",
        "chính sách hỗ trợ ăn trưa đối với trẻ em mầm non",
        "trẻ em mầm non, cha mẹ hoặc người chăm sóc trẻ và cơ sở giáo dục mầm non",
        "trẻ em mầm non",
        ("giao-duc", "tre-em", "hoc-phi"),
        ("so-gddt",),
    ),
    Topic(
        "hoc-sinh-ban-tru",
        "mức hỗ trợ học sinh bán trú và trường phổ thông dân tộc bán trú",
        "học sinh bán trú ở xã vùng cao, xã đảo, thôn đặc biệt khó khăn và các trường có học sinh bán trú",
        "học sinh bán trú",
        ("giao-duc", "hoc-phi", "tre-em"),
        ("so-gddt", "so-tai-chinh"),
    ),
    Topic(
        "thu-hut-giao-vien",
        "chính sách thu hút, hỗ trợ giáo viên công tác tại xã vùng cao, xã đảo",
        "giáo viên mầm non, phổ thông công lập, sinh viên sư phạm có cam kết công tác tại tỉnh",
        "giáo viên",
        ("nha-giao", "giao-duc", "tai-chinh"),
        ("so-gddt", "so-noi-vu"),
    ),
    Topic(
        "khoan-thu-dich-vu",
        "các khoản thu dịch vụ phục vụ, hỗ trợ hoạt động giáo dục của nhà trường",
        "cơ sở giáo dục công lập, trẻ em, học sinh và cha mẹ học sinh",
        "cha mẹ học sinh",
        ("giao-duc", "hoc-phi", "tai-chinh"),
        ("so-gddt", "so-tai-chinh"),
    ),
    Topic(
        "day-them-hoc-them",
        "quản lý hoạt động dạy thêm, học thêm",
        "học sinh, cha mẹ học sinh, giáo viên, tổ chức và cá nhân tổ chức dạy thêm",
        "học sinh",
        ("giao-duc", "nha-giao"),
        ("so-gddt",),
    ),
    Topic(
        "giao-duc-hoa-nhap",
        "chính sách hỗ trợ giáo dục hòa nhập đối với người khuyết tật",
        "trẻ em, học sinh khuyết tật, giáo viên hỗ trợ giáo dục người khuyết tật và các cơ sở giáo dục",
        "học sinh khuyết tật",
        ("giao-duc", "tre-em"),
        ("so-gddt", "so-ldtbxh"),
    ),
    Topic(
        "y-te-truong-hoc",
        "một số chính sách đối với công tác y tế trường học",
        "học sinh, nhân viên y tế trường học, cơ sở giáo dục và trạm y tế xã, phường",
        "học sinh",
        ("y-te", "giao-duc", "tre-em"),
        ("so-y-te", "so-gddt"),
    ),
    Topic(
        "bhyt-hoc-sinh",
        "mức hỗ trợ đóng bảo hiểm y tế cho học sinh, sinh viên",
        "học sinh, sinh viên thuộc hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình",
        "học sinh, sinh viên",
        ("y-te", "tai-chinh", "giao-duc"),
        ("so-y-te", "so-tai-chinh"),
    ),
    Topic(
        "tuyen-sinh-lop-10",
        "phương thức tuyển sinh vào lớp 10 trung học phổ thông công lập",
        "học sinh tốt nghiệp trung học cơ sở, cha mẹ học sinh và các trường trung học phổ thông",
        "học sinh lớp 9",
        ("giao-duc",),
        ("so-gddt",),
    ),
    Topic(
        "mam-non-ngoai-cong-lap",
        "chính sách khuyến khích phát triển giáo dục mầm non ngoài công lập",
        "cơ sở giáo dục mầm non dân lập, tư thục, nhóm trẻ độc lập và trẻ em là con công nhân",
        "trẻ em mầm non",
        ("giao-duc", "tre-em", "lao-dong"),
        ("so-gddt", "so-ldtbxh"),
    ),
    Topic(
        "chi-phi-hoc-tap",
        "hỗ trợ chi phí học tập cho trẻ em có hoàn cảnh đặc biệt",
        "trẻ em mồ côi, trẻ em có hoàn cảnh đặc biệt, học sinh thuộc hộ nghèo và hộ cận nghèo",
        "trẻ em có hoàn cảnh đặc biệt",
        ("tre-em", "hoc-phi", "giao-duc"),
        ("so-gddt", "so-ldtbxh"),
    ),
    Topic(
        "boi-duong-hoc-sinh-gioi",
        "chế độ bồi dưỡng đối với giáo viên, học sinh tham gia đội tuyển học sinh giỏi",
        "giáo viên được phân công bồi dưỡng, học sinh trong đội tuyển cấp tỉnh và cấp quốc gia",
        "học sinh giỏi",
        ("giao-duc", "nha-giao", "tai-chinh"),
        ("so-gddt", "so-tai-chinh"),
    ),
    Topic(
        "thuong-thanh-tich",
        "mức thưởng đối với học sinh, giáo viên đạt thành tích cao trong các kỳ thi",
        "học sinh đạt giải trong kỳ thi quốc gia, khu vực, quốc tế và giáo viên trực tiếp hướng dẫn",
        "học sinh đạt giải",
        ("giao-duc", "nha-giao"),
        ("so-gddt", "so-noi-vu"),
    ),
    Topic(
        "an-toan-truong-hoc",
        "công tác phòng, chống bạo lực học đường và bảo đảm an toàn trong trường học",
        "học sinh, giáo viên, nhân viên, cha mẹ học sinh và các cơ sở giáo dục",
        "học sinh",
        ("giao-duc", "tre-em"),
        ("so-gddt",),
    ),
    Topic(
        "ngoai-ngu-tin-hoc",
        "hỗ trợ dạy và học ngoại ngữ, tin học tăng cường trong trường phổ thông",
        "học sinh phổ thông, giáo viên ngoại ngữ, tin học và các trường phổ thông công lập",
        "học sinh",
        ("giao-duc", "nha-giao"),
        ("so-gddt",),
    ),
    Topic(
        "lien-ket-giao-duc",
        "quản lý hoạt động liên kết giáo dục trong trường học",
        "trường phổ thông công lập, đơn vị liên kết, học sinh và cha mẹ học sinh",
        "học sinh",
        ("giao-duc", "hoc-phi"),
        ("so-gddt",),
    ),
    Topic(
        "hoc-nghe-sau-thcs",
        "hỗ trợ học nghề và giải quyết việc làm cho học sinh tốt nghiệp trung học cơ sở",
        "học sinh tốt nghiệp trung học cơ sở không tiếp tục học trung học phổ thông, cơ sở giáo dục nghề nghiệp",
        "học sinh tốt nghiệp trung học cơ sở",
        ("lao-dong", "giao-duc"),
        ("so-ldtbxh", "so-gddt"),
    ),
    Topic(
        "truong-chuan-quoc-gia",
        "chính sách xây dựng trường học đạt chuẩn quốc gia và kiên cố hóa phòng học",
        "cơ sở giáo dục công lập, Ủy ban nhân dân cấp xã và nhà đầu tư",
        "nhà trường",
        ("giao-duc", "tai-chinh"),
        ("so-gddt", "so-tai-chinh"),
    ),
    Topic(
        "hoc-ba-so",
        "triển khai học bạ số và chuyển đổi số trong quản lý giáo dục",
        "học sinh, cha mẹ học sinh, giáo viên và cơ sở giáo dục phổ thông",
        "học sinh",
        ("giao-duc",),
        ("so-gddt",),
    ),
    Topic(
        "dien-thoai-trong-truong",
        "việc sử dụng điện thoại di động và thiết bị công nghệ của học sinh trong trường học",
        "học sinh phổ thông, giáo viên, cha mẹ học sinh và các trường phổ thông",
        "học sinh",
        ("giao-duc", "tre-em"),
        ("so-gddt",),
    ),
    Topic(
        "binh-dang-gioi-truong-hoc",
        "giáo dục kỹ năng sống, giáo dục giới tính và bình đẳng giới trong trường học",
        "học sinh, giáo viên, cán bộ quản lý và cha mẹ học sinh",
        "học sinh",
        ("tre-em", "giao-duc"),
        ("so-gddt", "so-ldtbxh"),
    ),
    Topic(
        "xe-dua-don-hoc-sinh",
        "hỗ trợ phương tiện đưa đón học sinh ở địa bàn khó khăn",
        "học sinh ở thôn xa trường, cha mẹ học sinh và đơn vị vận tải đưa đón học sinh",
        "học sinh ở thôn xa trường",
        ("giao-duc", "tre-em", "tai-chinh"),
        ("so-gddt", "so-tai-chinh"),
    ),
    Topic(
        "bua-an-hoc-duong",
        "tổ chức bữa ăn học đường và bảo đảm an toàn thực phẩm trong trường học",
        "trẻ em, học sinh ăn bán trú, cơ sở giáo dục và đơn vị cung cấp suất ăn",
        "học sinh ăn bán trú",
        ("y-te", "giao-duc", "tre-em"),
        ("so-gddt", "so-y-te"),
    ),
    Topic(
        "bien-che-truong-hoc",
        "định mức số lượng người làm việc và hợp đồng lao động trong cơ sở giáo dục công lập",
        "cơ sở giáo dục công lập, giáo viên, nhân viên và người lao động hợp đồng",
        "giáo viên, nhân viên",
        ("nha-giao", "lao-dong"),
        ("so-noi-vu", "so-gddt"),
    ),
    Topic(
        "giao-vien-mam-non-khu-cong-nghiep",
        "hỗ trợ giáo viên mầm non ngoài công lập ở địa bàn có khu công nghiệp",
        "giáo viên mầm non làm việc tại cơ sở dân lập, tư thục ở địa bàn có khu công nghiệp",
        "giáo viên mầm non",
        ("nha-giao", "lao-dong", "tre-em"),
        ("so-gddt", "so-ldtbxh"),
    ),
)

# Title wording per document type family (a key of document_types starting with ...).
TITLE_PREFIX = {
    "nghi-quyet-hdnd-xa": "Nghị quyết của Hội đồng nhân dân xã {xa} quy định",
    "quyet-dinh-ubnd-xa": "Quyết định của Ủy ban nhân dân xã {xa} quy định",
    "quyet-dinh-chu-tich": "Quyết định phê duyệt Kế hoạch thực hiện",
    "nghi-quyet": "Nghị quyết quy định",
    "quyet-dinh": "Quyết định ban hành Quy định về",
    "nghi-dinh": "Nghị định quy định",
}
TITLE_SUFFIX = ("", " giai đoạn {giai_doan}", " từ năm học {nam_hoc}", "")
ADOPTION_SUFFIX = {"nghi-quyet": "NQ-HĐND", "quyet-dinh": "QĐ-UBND", "nghi-dinh": "NĐ-CP"}

SUMMARIES = (
    "Dự thảo quy định {chu_de} trên địa bàn {tinh}, nhằm bảo đảm quyền lợi của {doi_tuong_ngan} và tăng cường "
    "công khai, minh bạch.",
    "{co_quan} lấy ý kiến Nhân dân về {chu_de}; dự thảo bổ sung đối tượng, điều chỉnh mức hỗ trợ và đơn giản "
    "hóa thủ tục.",
    "Chính sách về {chu_de} giai đoạn {giai_doan}: đối tượng, mức, phương thức thực hiện và trách nhiệm của "
    "các cơ quan, nhà trường.",
    "Dự thảo thay thế quy định hiện hành về {chu_de}, làm rõ trách nhiệm của nhà trường, Ủy ban nhân dân cấp "
    "xã và quyền lựa chọn của gia đình.",
    "Đề xuất chính sách về {chu_de} để thi hành {van_ban_tw}; dự kiến áp dụng từ năm học {nam_hoc}.",
)

NECESSITY = (
    "Qua {so_nam} năm thực hiện, chính sách hiện hành về {chu_de} đã góp phần nâng cao chất lượng giáo dục "
    "của {tinh}. Tuy nhiên, nhiều quy định đến nay không còn phù hợp với thực tiễn: mức hỗ trợ thấp so với mặt "
    "bằng giá cả, thủ tục còn phức tạp, một số đối tượng có nhu cầu chính đáng chưa được hưởng chính sách.",
    "{van_ban_tw} có hiệu lực từ ngày {ngay} đã thay đổi căn bản cơ chế quản lý và giao Hội đồng nhân dân, "
    "Ủy ban nhân dân cấp tỉnh quy định chi tiết một số nội dung. Quy định của tỉnh ban hành trước đó không còn "
    "phù hợp và phải được thay thế để bảo đảm tính thống nhất của hệ thống pháp luật.",
    "Sau khi sắp xếp đơn vị hành chính cấp xã và tổ chức chính quyền địa phương hai cấp, trách nhiệm của Ủy ban "
    "nhân dân cấp xã đối với {chu_de} chưa được quy định rõ. Nhiều xã mới có địa bàn rộng, số trường học tăng "
    "gấp đôi nhưng chưa có công chức theo dõi lĩnh vực giáo dục.",
    "Theo báo cáo tổng kết của {co_quan}, năm học {nam_hoc} toàn tỉnh có {n_lon} {doi_tuong_ngan} thuộc diện "
    "cần hỗ trợ, nhưng chỉ khoảng {pt}% được hưởng chính sách. Nguyên nhân chủ yếu là điều kiện hưởng quá chặt, "
    "hồ sơ nhiều giấy tờ và kinh phí bố trí chậm.",
    "Ý kiến cử tri tại các kỳ họp Hội đồng nhân dân tỉnh và phản ánh của cha mẹ học sinh trên Cổng thông tin "
    "điện tử cho thấy {chu_de} là vấn đề được xã hội đặc biệt quan tâm, có nhiều ý kiến khác nhau, cần được quy "
    "định công khai, minh bạch và ổn định.",
    "Mục đích của chính sách là bảo đảm quyền và lợi ích hợp pháp của {doi_tuong}; tạo điều kiện để nhà trường chủ động tổ "
    "chức thực hiện; huy động hợp lý nguồn lực của Nhà nước và xã hội. Quan điểm xây dựng là lấy người học làm "
    "trung tâm, thủ tục đơn giản, phù hợp khả năng cân đối ngân sách của tỉnh.",
    "Phạm vi điều chỉnh: {chu_de} trên địa bàn {tinh}. Đối tượng áp dụng: {doi_tuong}; các cơ sở giáo dục; "
    "Ủy ban nhân dân cấp xã và các cơ quan, tổ chức, cá nhân có liên quan.",
    "Kết quả kiểm tra của Thanh tra Sở trong năm {nam} cho thấy {n_nho} cơ sở giáo dục thực hiện chưa đúng quy "
    "định, chủ yếu do quy định hiện hành chưa rõ ràng, dẫn đến cách hiểu khác nhau giữa các địa phương. Việc "
    "ban hành văn bản mới sẽ tạo cơ sở pháp lý thống nhất cho công tác quản lý.",
    "Chiến lược phát triển giáo dục của tỉnh giai đoạn {giai_doan} đặt mục tiêu {pt}% trường học đạt chuẩn quốc "
    "gia và không để học sinh nào phải bỏ học vì hoàn cảnh khó khăn. Chính sách về {chu_de} là một trong những "
    "giải pháp trọng tâm để đạt được mục tiêu này.",
    "Các tỉnh lân cận đã ban hành chính sách tương tự từ năm {nam_truoc}, trong khi {tinh} chưa có quy định "
    "riêng. Điều này khiến một bộ phận giáo viên và học sinh chuyển sang địa phương khác, ảnh hưởng đến chất "
    "lượng giáo dục ở các xã vùng cao, xã đảo.",
    "Khảo sát do {co_quan} thực hiện với {n_lon} phiếu hỏi cha mẹ học sinh cho thấy {pt}% ý kiến đề nghị sớm "
    "ban hành quy định mới; nhiều ý kiến đề nghị công khai đầy đủ các khoản chi và có cơ chế tiếp nhận phản ánh "
    "trực tuyến.",
    "Giá thực phẩm, dịch vụ và chi phí đi lại tăng nhanh trong hai năm gần đây, trong khi mức hỗ trợ hiện hành "
    "được xác định từ năm {nam_truoc} và chưa được điều chỉnh. Mức hỗ trợ thực tế vì vậy chỉ còn bằng khoảng "
    "{pt}% so với thời điểm ban hành.",
    "Nghị quyết của Tỉnh ủy về phát triển nguồn nhân lực chất lượng cao xác định giáo dục là khâu đột phá; Hội "
    "đồng nhân dân tỉnh đã giao {co_quan} chủ trì tham mưu chính sách về {chu_de} trong chương trình xây dựng "
    "văn bản năm {nam}.",
    "Luật Ban hành văn bản quy phạm pháp luật yêu cầu đánh giá tác động và lấy ý kiến đối tượng chịu tác động "
    "trực tiếp. Do chính sách ảnh hưởng đến quyền và nghĩa vụ của nhiều gia đình trên toàn tỉnh, {co_quan} tổ "
    "chức truyền thông rộng rãi nội dung dự thảo theo Quyết định số 407/QĐ-TTg của Thủ tướng Chính phủ.",
    "Nhiều trường ở vùng sâu, vùng xa còn thiếu phòng học, nhà vệ sinh, nước sạch và thiết bị dạy học tối "
    "thiểu; học sinh phải đi học xa trên {n_nho} km, đường sá khó khăn vào mùa mưa. Chính sách cần ưu tiên "
    "nguồn lực cho những địa bàn này.",
    "Cơ sở dữ liệu quốc gia về dân cư và Cơ sở dữ liệu ngành giáo dục đã được kết nối, cho phép giải quyết thủ "
    "tục mà không yêu cầu người dân nộp lại giấy tờ. Quy định hiện hành vẫn yêu cầu hồ sơ giấy nên cần được sửa "
    "đổi cho phù hợp với chuyển đổi số.",
    "Năm học {nam_hoc}, tỷ lệ huy động trẻ em ra lớp ở xã vùng cao chỉ đạt {pt}%, thấp hơn bình quân của tỉnh; "
    "tỷ lệ học sinh bỏ học giữa chừng ở cấp trung học cơ sở có xu hướng tăng ở các xã có nhiều lao động đi làm "
    "ăn xa.",
    "Việc chưa có quy định thống nhất dẫn đến tình trạng mỗi trường một cách làm: có nơi thu thêm các khoản "
    "không đúng quy định, có nơi không tổ chức được hoạt động vì thiếu kinh phí. Cha mẹ học sinh khó theo dõi "
    "và giám sát.",
    "Quan điểm xây dựng chính sách: bảo đảm công bằng trong tiếp cận giáo dục giữa các vùng; ưu tiên {doi_tuong_ngan} "
    "ở địa bàn khó khăn; chính sách có điều kiện, có thời hạn và được đánh giá định kỳ để điều chỉnh kịp thời.",
)

BASIC_INTRO = (
    "Dự thảo gồm các nhóm chính sách sau:",
    "Nội dung cơ bản của dự thảo như sau:",
    "Mỗi chính sách có các phương án để Nhân dân lựa chọn, góp ý:",
    "Dự thảo tập trung vào những nội dung chủ yếu:",
)

BASIC_ITEMS = (
    "**Đối tượng áp dụng**: {doi_tuong} đang học tập, công tác trên địa bàn tỉnh; ưu tiên người ở xã vùng cao, "
    "xã đảo, thôn đặc biệt khó khăn và người thuộc hộ nghèo, hộ cận nghèo.",
    "**Mức hỗ trợ**: {tien}/người/tháng, được hưởng không quá 9 tháng trong một năm học; riêng xã đảo được hỗ "
    "trợ thêm {pt}% do chi phí sinh hoạt cao hơn.",
    "**Hồ sơ**: đơn đề nghị theo mẫu, nộp trực tuyến trên Cổng dịch vụ công của tỉnh hoặc nộp trực tiếp tại cơ "
    "sở giáo dục; không yêu cầu giấy tờ đã có trong Cơ sở dữ liệu quốc gia về dân cư.",
    "**Thời hạn giải quyết**: trong {n_nho} ngày làm việc kể từ khi nhận đủ hồ sơ, Ủy ban nhân dân cấp xã phê "
    "duyệt danh sách và công khai tại trụ sở, nhà văn hóa thôn, tổ dân phố.",
    "**Phương thức chi trả**: chi trả theo học kỳ qua tài khoản ngân hàng của cha mẹ hoặc người giám hộ; trường "
    "hợp gia đình đề nghị, cơ sở giáo dục nhận và chi trả thay.",
    "**Kinh phí thực hiện**: ngân sách tỉnh bảo đảm theo phân cấp; dự kiến khoảng {ty} mỗi năm, được bố trí "
    "trong dự toán chi sự nghiệp giáo dục hằng năm.",
    "**Trách nhiệm của nhà trường**: lập danh sách, công khai trên bảng tin và trang thông tin điện tử của "
    "trường, báo cáo kết quả thực hiện về {co_quan} trước ngày 31 tháng 12 hằng năm.",
    "**Trách nhiệm của Ủy ban nhân dân cấp xã**: kiểm tra, giám sát việc thực hiện trên địa bàn; tiếp nhận, "
    "giải quyết phản ánh, kiến nghị của người dân trong thời hạn 10 ngày.",
    "**Điều kiện được hưởng**: tham gia đầy đủ kế hoạch giáo dục của nhà trường; trường hợp nghỉ học quá "
    "{n_nho} ngày trong tháng không có lý do chính đáng thì không được hưởng hỗ trợ của tháng đó.",
    "**Định mức**: mỗi trường có từ {n_tb} học sinh trở lên được bố trí ít nhất một người làm công tác chuyên "
    "trách; trường có quy mô nhỏ hơn được ký hợp đồng theo thời gian làm việc thực tế.",
    "**Công khai, minh bạch**: mức thu, mức chi, danh sách người được hưởng và kết quả thực hiện được công khai "
    "trên Cổng thông tin điện tử của {co_quan} và tại cơ sở giáo dục.",
    "**Thời gian áp dụng**: từ năm học {nam_hoc} đến hết năm {nam_het}; hằng năm {co_quan} tổng hợp, đánh giá "
    "và đề xuất điều chỉnh nếu cần.",
    "**Hỗ trợ giáo viên**: giáo viên được phân công nhiệm vụ tăng thêm được hưởng phụ cấp {tien}/tháng và được "
    "tính giờ dạy quy đổi theo quy định của Bộ Giáo dục và Đào tạo.",
    "**Khen thưởng và xử lý vi phạm**: tổ chức, cá nhân thực hiện tốt được biểu dương, khen thưởng; trường hợp "
    "kê khai không trung thực để hưởng chính sách phải hoàn trả kinh phí đã nhận.",
    "**Phối hợp liên ngành**: Sở Tài chính thẩm định dự toán; Sở Y tế, Sở Nội vụ và Công an tỉnh phối hợp trong "
    "phạm vi chức năng; Báo và Đài Phát thanh - Truyền hình tỉnh tuyên truyền chính sách.",
    "**Ứng dụng công nghệ thông tin**: toàn bộ quy trình đăng ký, xét duyệt và chi trả được thực hiện trên phần "
    "mềm quản lý ngành; cha mẹ học sinh tra cứu kết quả bằng số định danh cá nhân.",
    "**Mức thu tối đa**: không vượt quá {tien}/học sinh/tháng ở khu vực phường và {tien}/học sinh/tháng ở khu "
    "vực xã; nhà trường thỏa thuận với cha mẹ học sinh trong khung này.",
    "**Cơ sở vật chất**: ưu tiên bố trí vốn đầu tư công để xây dựng phòng học, nhà ở bán trú, bếp ăn và công "
    "trình vệ sinh cho các trường ở xã vùng cao, xã đảo.",
    "**Hỗ trợ học sinh khuyết tật**: học sinh khuyết tật học hòa nhập được hỗ trợ tài liệu học tập, phương tiện "
    "hỗ trợ và được bố trí giáo viên hỗ trợ giáo dục người khuyết tật.",
    "**Đào tạo, bồi dưỡng**: hằng năm tổ chức bồi dưỡng chuyên môn cho {n_tb} lượt giáo viên và cán bộ quản lý; "
    "chi phí do ngân sách tỉnh bảo đảm.",
    "**Tiếp nhận phản ánh**: người dân phản ánh qua đường dây nóng của {co_quan}, ứng dụng trên điện thoại hoặc "
    "hộp thư góp ý tại trường; mọi phản ánh được trả lời công khai.",
    "**Thời gian tổ chức**: không tổ chức hoạt động trước 6 giờ 30 và sau 21 giờ; mỗi buổi không quá {n_nho} "
    "tiết và không trùng với thời khóa biểu chính khóa.",
    "**Xã hội hóa**: khuyến khích tổ chức, cá nhân tài trợ; khoản tài trợ được quản lý, sử dụng công khai và "
    "không được gắn với điều kiện tuyển sinh hoặc đánh giá học sinh.",
    "**Chuyển tiếp**: người đang hưởng chính sách theo quy định cũ tiếp tục được hưởng đến hết năm học "
    "{nam_hoc}, trừ trường hợp quy định mới có lợi hơn.",
    "**Phương án 1**: hỗ trợ một lần {tien} khi nhận công tác hoặc nhập học; **phương án 2**: hỗ trợ hằng tháng "
    "bằng {pt}% mức lương cơ sở trong thời gian tối đa {so_nam} năm.",
)

BASIC_PARAGRAPHS = (
    "Kinh phí thực hiện dự kiến khoảng {ty} mỗi năm học, trong đó ngân sách tỉnh bảo đảm {pt}%, phần còn lại từ "
    "nguồn thu hợp pháp của cơ sở giáo dục và tài trợ của tổ chức, cá nhân.",
    "Mỗi chính sách có hai phương án để Nhân dân lựa chọn, góp ý; cơ quan soạn thảo đề xuất phương án 1 vì bảo "
    "đảm cân đối ngân sách và dễ thực hiện.",
    "Dự kiến có khoảng {n_lon} người được hưởng lợi trực tiếp từ chính sách trong năm đầu thực hiện, tập trung "
    "ở các xã vùng cao, xã đảo và các phường có khu công nghiệp.",
    "Báo cáo đánh giá tác động cho thấy chính sách làm tăng chi ngân sách khoảng {pt}% so với hiện nay nhưng "
    "giảm đáng kể chi phí tuân thủ của người dân nhờ bỏ các giấy tờ không cần thiết.",
)

TABLE_INTRO = "Mức cụ thể theo khu vực (nghìn đồng/học sinh/tháng):"
TABLE_HEADER = (
    "| Khu vực | Mầm non | Tiểu học | Trung học cơ sở | Trung học phổ thông |\n| --- | ---: | ---: | ---: | ---: |"
)
TABLE_ROWS = ("Phường", "Xã", "Xã vùng cao, xã đảo")

CHANGES_INTRO = (
    "So với quy định đang áp dụng, dự thảo có những điểm thay đổi tác động trực tiếp đến quyền và nghĩa vụ của "
    "người dân:",
    "Những điểm mới chủ yếu:",
    "",
)

CHANGES_ITEMS = (
    "Bổ sung đối tượng được hưởng: {doi_tuong_ngan} ở các thôn đặc biệt khó khăn thuộc xã khu vực II, trước đây "
    "chưa thuộc diện áp dụng.",
    "Nâng mức hỗ trợ từ {tien} lên {tien} mỗi tháng. Đây là nội dung có nhiều ý kiến khác nhau: cha mẹ học "
    "sinh đề nghị mức cao hơn, trong khi một số ý kiến lo ngại khả năng cân đối ngân sách của tỉnh.",
    "Bãi bỏ yêu cầu nộp bản sao giấy khai sinh, giấy xác nhận cư trú; cơ quan giải quyết tự khai thác thông tin "
    "từ Cơ sở dữ liệu quốc gia về dân cư.",
    "Lần đầu tiên quy định trách nhiệm của Ủy ban nhân dân cấp xã sau sắp xếp; trước đây nhiệm vụ này do Phòng "
    "Giáo dục và Đào tạo cấp huyện thực hiện.",
    "Chuyển từ chi trả bằng tiền mặt sang chi trả qua tài khoản, giúp giảm thời gian chờ đợi nhưng có thể gây "
    "khó khăn cho gia đình ở vùng sâu chưa có tài khoản ngân hàng; {co_quan} đề nghị Nhân dân góp ý về cách hỗ "
    "trợ các trường hợp này.",
    "Bổ sung nghĩa vụ hoàn trả kinh phí nếu người được hỗ trợ không thực hiện cam kết; mức hoàn trả tính theo "
    "thời gian còn lại của cam kết. Đây là điểm được dự báo nhận nhiều ý kiến.",
    "Bổ sung quy định công khai danh sách người được hưởng chính sách tại cơ sở giáo dục và trên Cổng thông tin "
    "điện tử; thông tin cá nhân được che một phần theo quy định về bảo vệ dữ liệu cá nhân.",
    "Thay thế cách phân vùng theo đơn vị hành chính cấp huyện bằng phân vùng theo xã, phường sau sắp xếp; một "
    "số xã trước đây thuộc vùng thuận lợi nay được xếp vào vùng khó khăn và ngược lại.",
    "Bãi bỏ khoản thu {khoan_thu} mà một số trường đang thu của cha mẹ học sinh; chi phí này do ngân sách bảo "
    "đảm từ năm học {nam_hoc}.",
    "Rút ngắn thời hạn giải quyết hồ sơ từ 20 ngày xuống {n_nho} ngày làm việc và cho phép nộp hồ sơ một lần "
    "cho cả cấp học.",
    "Quy định giới hạn mới về thời gian tổ chức hoạt động ngoài giờ chính khóa. Nhiều phụ huynh ủng hộ để bảo "
    "vệ sức khỏe học sinh; một số cơ sở cho rằng quy định quá cứng nhắc, đề nghị linh hoạt theo từng địa bàn.",
    "Bổ sung chế tài: cơ sở giáo dục vi phạm quy định công khai bị dừng thực hiện chính sách trong năm học tiếp "
    "theo và người đứng đầu bị xem xét trách nhiệm.",
    "Mở rộng phạm vi áp dụng sang cơ sở giáo dục dân lập, tư thục được cấp phép hoạt động; trước đây chỉ áp dụng "
    "với cơ sở giáo dục công lập.",
    "Không tiếp tục áp dụng cơ chế hỗ trợ bình quân cho mọi trường; kinh phí được phân bổ theo số học sinh thực "
    "tế và mức độ khó khăn của địa bàn.",
    "Bổ sung quyền của cha mẹ học sinh được lựa chọn tham gia hoặc không tham gia dịch vụ; nhà trường không được "
    "lấy việc tham gia làm điều kiện đánh giá, xếp loại học sinh.",
    "Điều chỉnh tiêu chí xác định {doi_tuong_ngan} thuộc diện ưu tiên: bỏ tiêu chí hộ khẩu thường trú, thay bằng "
    "nơi cư trú theo Luật Cư trú năm 2020.",
    "Sửa đổi thời điểm áp dụng từ đầu năm dương lịch sang đầu năm học để nhà trường thuận tiện lập kế hoạch và "
    "gia đình có thời gian chuẩn bị hồ sơ.",
    "Bổ sung trách nhiệm báo cáo định kỳ và đánh giá tác động sau hai năm thực hiện; kết quả đánh giá được công "
    "khai để Nhân dân giám sát.",
)

OTHER = (
    "Văn bản dự kiến có hiệu lực từ ngày 01/{thang}/{nam_sau}. Sau khi kết thúc lấy ý kiến, {co_quan} sẽ tổng "
    "hợp, tiếp thu, giải trình và công khai báo cáo trên trang này.",
    "Nhân dân có thể góp ý qua biểu mẫu trực tuyến, thư điện tử hoặc gửi văn bản về {co_quan}. Mọi ý kiến đều "
    "được ghi nhận và trả lời trong báo cáo tiếp thu, giải trình.",
    "Trong thời gian lấy ý kiến, {co_quan} phối hợp với Báo và Đài Phát thanh - Truyền hình tỉnh mở chuyên mục "
    "hỏi - đáp; các xã, phường thông báo nội dung dự thảo trên hệ thống loa truyền thanh cơ sở và bảng tin của "
    "thôn, tổ dân phố.",
    "Các trường học được đề nghị phổ biến dự thảo tới cha mẹ học sinh trong buổi họp phụ huynh gần nhất và tổng "
    "hợp ý kiến gửi về {co_quan}.",
    "Dự thảo đã được gửi xin ý kiến Sở Tư pháp, Sở Tài chính, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ "
    "chức chính trị - xã hội; ý kiến của các cơ quan này được đăng tải cùng báo cáo tiếp thu, giải trình.",
    "Tại các xã có đông đồng bào dân tộc thiểu số, nội dung chính của dự thảo được phát thanh bằng tiếng dân tộc "
    "qua hệ thống loa truyền thanh cơ sở.",
    "Các câu hỏi thường gặp về chính sách được tổng hợp và trả lời trên trang thông tin điện tử của {co_quan}; "
    "người dân có thể gọi đường dây nóng trong giờ hành chính để được hướng dẫn.",
    "Ý kiến góp ý cần nêu rõ điều, khoản của dự thảo được góp ý và đề xuất cụ thể; ý kiến không liên quan đến "
    "nội dung dự thảo được chuyển đến cơ quan có thẩm quyền giải quyết theo quy định.",
)

CENTRAL_DOCUMENTS = (
    "Nghị định số {k}/{y}/NĐ-CP của Chính phủ",
    "Thông tư số {k}/{y}/TT-BGDĐT của Bộ Giáo dục và Đào tạo",
    "Nghị quyết số {k}/{y}/QH15 của Quốc hội",
    "Luật Nhà giáo năm 2025",
    "Luật Giáo dục (sửa đổi) năm 2025",
)
FEES = (
    "tiền nước uống",
    "tiền vệ sinh lớp học",
    "khám sức khỏe đầu năm",
    "tiền in đề kiểm tra",
    "tiền trông giữ xe đạp",
    "tiền sổ liên lạc điện tử",
)
COMMUNES = (
    "Tân Lập",
    "Hòa Bình",
    "Phú Thượng",
    "Đồng Tâm",
    "Hải Đảo",
    "Sơn Thủy",
    "Bản Lầu",
    "Minh Tân",
    "Cát Hải",
    "Thanh Sơn",
    "Nà Khương",
    "Long Phú",
)

SHORTENED_REASONS = (
    "{van_ban_tw} có hiệu lực từ ngày {ngay} và giao Ủy ban nhân dân tỉnh quy định chi tiết; văn bản phải được "
    "ban hành kịp thời để áp dụng từ đầu học kỳ, nên áp dụng thủ tục rút gọn.",
    "Trường hợp cấp bách để khắc phục hậu quả thiên tai tại các xã vùng cao, bảo đảm học sinh được hỗ trợ ngay "
    "trong năm học; áp dụng trình tự, thủ tục rút gọn theo Luật Ban hành văn bản quy phạm pháp luật.",
    "Văn bản chỉ điều chỉnh thời hạn áp dụng của quy định hiện hành, không thay đổi nội dung chính sách; Hội đồng "
    "nhân dân tỉnh đã đồng ý áp dụng thủ tục rút gọn.",
)
WITHDRAWN_REASONS = (
    "{van_ban_tw} đã quy định đầy đủ nội dung này và áp dụng trực tiếp; tỉnh không cần ban hành văn bản riêng.",
    "Tiếp thu ý kiến của Nhân dân và Hội đồng nhân dân tỉnh, cơ quan soạn thảo dừng xây dựng để nghiên cứu lại "
    "toàn bộ chính sách sau khi sắp xếp đơn vị hành chính.",
    "Nội dung được lồng ghép vào Nghị quyết chung về phát triển giáo dục của tỉnh giai đoạn {giai_doan}.",
)

EVENT_TITLES = (
    "Hội nghị lấy ý kiến về dự thảo",
    "Tọa đàm với cha mẹ học sinh về chính sách",
    "Đối thoại trực tuyến với Nhân dân về dự thảo",
    "Hội nghị phản biện xã hội do Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh chủ trì",
    "Hội thảo lấy ý kiến giáo viên và cán bộ quản lý",
)
EVENT_PLACES = (
    "Hội trường Sở Giáo dục và Đào tạo, số 12 đường Trần Hưng Đạo, phường Minh Khai, {tinh}",
    "Nhà văn hóa xã {xa}, {tinh}",
    "Hội trường Ủy ban nhân dân xã {xa}",
    "Trực tuyến trên Cổng thông tin điện tử tỉnh và Trang tin của Đài Phát thanh - Truyền hình tỉnh",
    "Hội trường Trường Cao đẳng Sư phạm Minh Giang, phường Minh Khai",
)

DOCUMENT_TITLES = (
    "Tờ trình của cơ quan soạn thảo",
    "Báo cáo đánh giá tác động của chính sách",
    "Bảng so sánh với quy định hiện hành",
    "Báo cáo tổng kết thực hiện chính sách giai đoạn trước",
    "Báo cáo thẩm định của Sở Tư pháp",
    "Bản tổng hợp ý kiến của các sở, ngành và địa phương",
)

# Offices of the Department of Education (contact): (name, e-mail local part).
OFFICES = (
    ("Phòng Kế hoạch - Tài chính", "khtc"),
    ("Phòng Giáo dục mầm non", "gdmn"),
    ("Phòng Giáo dục phổ thông", "gdpt"),
    ("Phòng Tổ chức cán bộ", "tccb"),
    ("Thanh tra Sở", "thanhtra"),
    ("Phòng Quản lý chất lượng", "qlcl"),
    ("Văn phòng Sở", "vanphong"),
)

HOME_PAGE = """\
---
hide:
  - toc
---

# Góp ý dự thảo chính sách – {site_name}

Trang chủ của bộ dữ liệu thử hiệu năng: {count} dự thảo chính sách ngành Giáo dục được sinh tự động
theo Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ. Mỗi dự thảo có thời hạn góp ý,
các tiêu chí đáp ứng, nội dung truyền thông và việc tiếp thu, giải trình ý kiến.

<!-- policy-drafts:open -->
"""
