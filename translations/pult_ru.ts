<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
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
        <source>The status was not changed: {reason}</source>
        <translation>Статус не изменён: {reason}</translation>
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
</TS>
