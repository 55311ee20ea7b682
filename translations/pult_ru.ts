<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>CallViews</name>
    <message>
        <source>Incoming call</source>
        <translation>Входящий вызов</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Исходящий вызов</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation>Консультация</translation>
    </message>
    <message>
        <source>Transferring</source>
        <translation>Перевод вызова</translation>
    </message>
    <message>
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
    <message>
        <source>Post-call work</source>
        <translation>Поствызывная обработка</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Вызов завершён</translation>
    </message>
    <message>
        <source>Queue: {queue}</source>
        <translation>Очередь: {queue}</translation>
    </message>
    <message>
        <source>Waiting: {time}</source>
        <translation>Ожидание: {time}</translation>
    </message>
    <message>
        <source>Personal call</source>
        <translation>Персональный вызов</translation>
    </message>
    <message>
        <source>The other side put the call on hold</source>
        <translation>Собеседник поставил вызов на удержание</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Снять с удержания</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Merge calls</source>
        <translation>Объединить вызовы</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов к работе</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Тематика</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
</context>
<context>
    <name>ColleaguesPanel</name>
    <message>
        <source>Colleagues online</source>
        <translation>Сотрудники онлайн</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Ext.</source>
        <translation>Доб.</translation>
    </message>
    <message>
        <source>In status since</source>
        <translation>В статусе с</translation>
    </message>
    <message>
        <source>Other colleagues</source>
        <translation>Другие сотрудники</translation>
    </message>
    <message>
        <source>The list of colleagues is not available from this server yet.</source>
        <translation>Этот сервер пока не отдаёт список сотрудников.</translation>
    </message>
    <message>
        <source>You have no colleagues in your groups yet.</source>
        <translation>В ваших группах пока нет других сотрудников.</translation>
    </message>
    <message>
        <source>{name} (you)</source>
        <translation>{name} (вы)</translation>
    </message>
    <message>
        <source>{online} of {total} signed in</source>
        <translation>в сети {online} из {total}</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>Connected</source>
        <translation>Подключено</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Переподключение…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Pult reconnects by itself.</source>
        <translation>Связь с сервером потеряна. Pult переподключится сам.</translation>
    </message>
    <message>
        <source>Next attempt in {seconds} s.</source>
        <translation>Следующая попытка через {seconds} с.</translation>
    </message>
    <message>
        <source>Live updates from the server are arriving.</source>
        <translation>Обновления с сервера приходят в реальном времени.</translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation>Подключение к серверу…</translation>
    </message>
    <message>
        <source>Not connected to the server.</source>
        <translation>Нет подключения к серверу.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Pult hit an unexpected error and may not work correctly.</source>
        <translation>В Pult произошла непредвиденная ошибка, программа может работать неправильно.</translation>
    </message>
    <message>
        <source>A report was saved to {path}</source>
        <translation>Отчёт сохранён в {path}</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation>Справка</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <source>The shortcuts work in every Pult window, the call widget included. During a call the digits, * and # of the keyboard are sent as tones.</source>
        <translation>Сочетания клавиш работают во всех окнах Pult, в том числе в окне вызова. Во время разговора цифры, * и # с клавиатуры отправляются тоновым набором.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <source>Calls in the queue</source>
        <translation>Количество вызовов в очереди</translation>
    </message>
    <message>
        <source>Accepted calls</source>
        <translation>Количество принятых вызовов</translation>
    </message>
    <message>
        <source>Outgoing calls</source>
        <translation>Количество исходящих вызовов</translation>
    </message>
    <message>
        <source>Lost calls</source>
        <translation>Количество потерянных вызовов</translation>
    </message>
    <message>
        <source>Average incoming talk time</source>
        <translation>Среднее время входящих разговоров</translation>
    </message>
    <message>
        <source>You, since you signed in on this computer</source>
        <translation>Вы, с момента входа на этом компьютере</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Pult — sign in</source>
        <translation>Pult — вход</translation>
    </message>
    <message>
        <source>Sign in to Pult</source>
        <translation>Вход в Pult</translation>
    </message>
    <message>
        <source>Welcome to the contact center.</source>
        <translation>Добро пожаловать в Контакт-центр!</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>e.g. pult.example.com</source>
        <translation>например, pult.example.com</translation>
    </message>
    <message>
        <source>Login, e-mail, mobile number or SIP account</source>
        <translation>Логин, e-mail, мобильный номер или SIP-учётная запись</translation>
    </message>
    <message>
        <source>Remember me</source>
        <translation>Запомнить</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Next time Pult signs you in without asking.</source>
        <translation>В следующий раз Pult войдёт без запроса пароля.</translation>
    </message>
    <message>
        <source>Unavailable: this computer has no password storage (keyring), so you sign in every time.</source>
        <translation>Недоступно: на этом компьютере нет хранилища паролей (keyring), поэтому входить нужно каждый раз.</translation>
    </message>
    <message>
        <source>Enter the server address.</source>
        <translation>Введите адрес сервера.</translation>
    </message>
    <message>
        <source>This is not a server address.</source>
        <translation>Это не адрес сервера.</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>Введите логин.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Введите пароль.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pult</source>
        <translation>Pult</translation>
    </message>
    <message>
        <source>Colleagues online</source>
        <translation>Сотрудники онлайн</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Program menu</source>
        <translation>Меню программы</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>Связь с сервером</translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation>Список пропущенных вызовов</translation>
    </message>
    <message>
        <source>Request queue panel</source>
        <translation>Панель очереди обращений</translation>
    </message>
    <message>
        <source>Indicators panel</source>
        <translation>Панель показателей</translation>
    </message>
    <message>
        <source>Telephony control panel</source>
        <translation>Панель управления телефонией</translation>
    </message>
    <message>
        <source>Help and keyboard shortcuts</source>
        <translation>Справка и горячие клавиши</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Request queue</source>
        <translation>Очередь обращений</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>Панель показателей</translation>
    </message>
    <message>
        <source>Telephony</source>
        <translation>Телефония</translation>
    </message>
    <message>
        <source>Missed calls: {total}, in the last 7 days: {week}</source>
        <translation>Пропущенных вызовов: {total}, за последние 7 дней: {week}</translation>
    </message>
    <message>
        <source>The status was not changed: {reason}</source>
        <translation>Статус не изменён: {reason}</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Caller</source>
        <translation>Кто звонит</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Очередь</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>No calls are waiting</source>
        <translation>Вызовов в очереди нет</translation>
    </message>
    <message>
        <source>Calls ({count})</source>
        <translation>Вызовы ({count})</translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <source>The server ended your session. Please sign in again.</source>
        <translation>Сервер завершил ваш сеанс. Войдите снова.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the incoming call</source>
        <translation>Ответить на входящий вызов</translation>
    </message>
    <message>
        <source>Reject the incoming call</source>
        <translation>Отклонить входящий вызов</translation>
    </message>
    <message>
        <source>Hold or resume the call</source>
        <translation>Поставить вызов на удержание или снять с него</translation>
    </message>
    <message>
        <source>Mute or unmute the microphone</source>
        <translation>Включить или отключить микрофон</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить вызов</translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation>Перевести вызов</translation>
    </message>
    <message>
        <source>Open the status menu</source>
        <translation>Открыть меню статусов</translation>
    </message>
    <message>
        <source>Go to the number field</source>
        <translation>Перейти к полю ввода номера</translation>
    </message>
</context>
<context>
    <name>Softphone</name>
    <message>
        <source>Type a number in international format (74952000000), N.EXT for an extension, or a SIP address.</source>
        <translation>Введите номер в международном формате (74952000000), номер с добавочным через точку или запятую (74955555.253) или SIP ID.</translation>
    </message>
    <message>
        <source>Microphone and speakers not found. Check that the devices are connected</source>
        <translation>Микрофон и динамики не найдены. Проверьте подключение устройств</translation>
    </message>
    <message>
        <source>The softphone is not running.</source>
        <translation>Софтфон не запущен.</translation>
    </message>
    <message>
        <source>The softphone did not answer in time.</source>
        <translation>Софтфон не ответил вовремя.</translation>
    </message>
    <message>
        <source>Too many calls at once.</source>
        <translation>Слишком много одновременных вызовов.</translation>
    </message>
    <message>
        <source>The call has already ended.</source>
        <translation>Вызов уже завершён.</translation>
    </message>
    <message>
        <source>The line is busy.</source>
        <translation>Линия занята.</translation>
    </message>
    <message>
        <source>The number does not exist.</source>
        <translation>Номер не существует.</translation>
    </message>
    <message>
        <source>The call operation failed.</source>
        <translation>Операция с вызовом не выполнена.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>On line</source>
        <translation>На линии</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Outbound dialing</source>
        <translation>Обзвон</translation>
    </message>
    <message>
        <source>All calls</source>
        <translation>Все звонки</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message>
        <source>Don&apos;t change</source>
        <translation>Не изменять</translation>
    </message>
</context>
<context>
    <name>StatusControl</name>
    <message>
        <source>Your status: {name}. Click to change it.</source>
        <translation>Ваш статус: {name}. Нажмите, чтобы изменить.</translation>
    </message>
</context>
<context>
    <name>TelephonyPanel</name>
    <message>
        <source>Switch</source>
        <translation>Переключиться</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Number or SIP address</source>
        <translation>Номер или SIP-адрес</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Delete a character</source>
        <translation>Удалить символ</translation>
    </message>
    <message>
        <source>Detach the keypad</source>
        <translation>Открепить клавиатуру</translation>
    </message>
    <message>
        <source>Without consultation</source>
        <translation>Без консультации</translation>
    </message>
    <message>
        <source>With consultation</source>
        <translation>С консультацией</translation>
    </message>
    <message>
        <source>Cancel the transfer</source>
        <translation>Отменить перевод</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Вызовы</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation>Громкость динамика</translation>
    </message>
    <message>
        <source>Microphone sensitivity</source>
        <translation>Чувствительность микрофона</translation>
    </message>
    <message>
        <source>Mute the microphone</source>
        <translation>Отключить микрофон</translation>
    </message>
    <message>
        <source>Transfer the call to the number typed above</source>
        <translation>Перевести вызов на номер, введённый выше</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Клавиатура</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Wrong login or password.</source>
        <translation>Неверный логин или пароль.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Signing in is locked until {time}.</source>
        <translation>Слишком много неудачных попыток. Вход заблокирован до {time}.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Signing in is locked for a while; try again later.</source>
        <translation>Слишком много неудачных попыток. Вход временно заблокирован, попробуйте позже.</translation>
    </message>
    <message>
        <source>Cannot reach the server {server}. Check the address and the network connection.</source>
        <translation>Нет связи с сервером {server}. Проверьте адрес и подключение к сети.</translation>
    </message>
    <message>
        <source>(no address)</source>
        <translation>(адрес не указан)</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ваш сеанс завершён. Войдите снова.</translation>
    </message>
    <message>
        <source>All licences for concurrent users are in use: ask your administrator to free one.</source>
        <translation>Все лицензии на одновременную работу заняты: попросите администратора освободить одну.</translation>
    </message>
    <message>
        <source>Your account is not allowed to do this.</source>
        <translation>Вашей учётной записи это не разрешено.</translation>
    </message>
    <message>
        <source>The server did not accept the data.</source>
        <translation>Сервер не принял данные.</translation>
    </message>
    <message>
        <source>This was changed by someone else at the same time. Try again.</source>
        <translation>Это одновременно изменил кто-то другой. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>The server {server} answered in a way Pult does not understand. Check the address.</source>
        <translation>Сервер {server} ответил непонятно для Pult. Проверьте адрес.</translation>
    </message>
    <message>
        <source>The request failed. Try again.</source>
        <translation>Запрос не выполнен. Попробуйте ещё раз.</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Hide Pult</source>
        <translation>Скрыть Pult</translation>
    </message>
    <message>
        <source>Show Pult</source>
        <translation>Показать Pult</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>missed calls: {count}</source>
        <translation>пропущенных вызовов: {count}</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий вызов</translation>
    </message>
</context>
</TS>
